using StudentCard.Central.Audit;
using StudentCard.Central.Readers;

namespace StudentCard.Central.Admin.Readers;

/// <summary>The operator's view of the readers (health as last reported) and revocation with a stated reason on the audit chain.</summary>
public sealed class ReaderAdministration(ReaderRegistry registry, AuditLog audit)
{
    public const string RevokeRequested = "reader.revoke-requested";

    public Task<IReadOnlyList<ReaderRegistration>> ListAsync(CancellationToken cancellationToken = default) =>
        registry.ListAsync(cancellationToken);

    /// <summary>Records who asked and why, then revokes; the registry's own audit entry records the revocation itself.</summary>
    public async Task RevokeAsync(string actor, string readerId, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5)
        {
            throw new ReaderRegistrationException("State why this reader is revoked (at least 5 characters); it goes on the audit log.");
        }
        if (reason.Length > AuditLog.MaxReasonLength)
        {
            throw new ReaderRegistrationException($"The reason is at most {AuditLog.MaxReasonLength} characters.");
        }
        var known = (await registry.ListAsync(cancellationToken)).Any(r => r.Id == readerId);
        if (!known)
        {
            throw new ReaderRegistrationException("No reader with this id is registered.");
        }
        await audit.RecordAsync(actor, RevokeRequested, readerId, reason.Trim(), cancellationToken);
        await registry.RevokeAsync(readerId, cancellationToken);
    }
}
