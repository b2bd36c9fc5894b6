namespace StudentCard.Central.Hosting;

/// <summary>
/// Endpoint metadata: served on the readers' gRPC port as well as on the admin listener. Only for endpoints that guard
/// themselves (the safety commands accept callers on this machine only), since everything else there is refused.
/// </summary>
public sealed class ServedOnEveryListener;
