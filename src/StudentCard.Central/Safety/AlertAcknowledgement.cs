using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Safety;

/// <summary>
/// Marks an alert as looked at by an admin of its purpose: who and when on the alert, the optional note
/// on the audit chain only, so free text never lands in the purpose store.
/// </summary>
public static class AlertAcknowledgement
{
    public const string AuditAction = "alert.acknowledge";

    /// <summary>Notes are short remarks ("checked with the driver"), not records; longer text belongs elsewhere.</summary>
    public const int MaxNoteLength = 200;

    /// <summary>
    /// Acknowledges the alert when it belongs to <paramref name="purpose"/>. An alert of another purpose is
    /// answered exactly like an unknown one, so its existence is not revealed.
    /// </summary>
    public static async Task<AlertAcknowledgementOutcome> AcknowledgeAsync(
        IDbContextFactory<CentralDbContext> stores, AuditLog audit, TimeProvider time,
        string actor, ReaderType purpose, long alertId, string? note, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return AlertAcknowledgementOutcome.NoteTooLong;
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == alertId && a.Purpose == purpose, cancellationToken);
        if (alert is null)
        {
            return AlertAcknowledgementOutcome.NotFound;
        }
        if (alert.Acknowledged)
        {
            return AlertAcknowledgementOutcome.AlreadyAcknowledged;
        }
        // The audit entry comes first: an acknowledgement the chain does not hold must not show on the page.
        await audit.RecordAsync(actor, AuditAction, $"{purpose.Name()} alert {alert.Id}", note ?? "acknowledged", cancellationToken);
        alert.Acknowledged = true;
        alert.AcknowledgedBy = actor;
        alert.AcknowledgedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return AlertAcknowledgementOutcome.Acknowledged;
    }
}

/// <summary>What became of an acknowledgement.</summary>
public enum AlertAcknowledgementOutcome
{
    Acknowledged,
    AlreadyAcknowledged,
    NotFound,
    NoteTooLong,
}
