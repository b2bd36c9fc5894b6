using StudentCard.Central.Audit;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Puts every reader registration and revocation on the audit chain. The registry has no signed-in
/// person yet (readers are registered by provisioning and the operator's tools), so the actor is
/// "operator" and the reason names the change; the secret is never recorded.
/// </summary>
public sealed class ReaderChangesAudit(AuditLog audit) : IReaderRegistryObserver
{
    public const string Actor = "operator";

    public Task ReaderRegisteredAsync(RegisteredReader reader, string secret, CancellationToken cancellationToken) =>
        audit.RecordAsync(Actor, AuditActions.ReaderRegistered, reader.Id, $"{reader.Type.Name()} reader registered", cancellationToken);

    public Task ReaderRevokedAsync(string readerId, CancellationToken cancellationToken) =>
        audit.RecordAsync(Actor, AuditActions.ReaderRevoked, readerId, "reader revoked", cancellationToken);
}
