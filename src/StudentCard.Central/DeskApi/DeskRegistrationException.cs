namespace StudentCard.Central.DeskApi;

/// <summary>A desk registration that cannot be made or changed (id taken or malformed, unknown id).</summary>
public sealed class DeskRegistrationException(string message) : Exception(message);
