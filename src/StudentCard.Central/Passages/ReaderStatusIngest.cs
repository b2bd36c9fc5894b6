using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Stores;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Passages;

/// <summary>Records a reader's heartbeat or last will on its registration (seen when, online, backlog, list version).</summary>
public sealed class ReaderStatusIngest(IDbContextFactory<CentralDbContext> stores, TimeProvider time, ILogger<ReaderStatusIngest> logger)
{
    public async Task ApplyAsync(ReaderType type, string readerId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ReaderStatusMessage status;
        try
        {
            status = MessageJson.Deserialize<ReaderStatusMessage>(payload.Span);
        }
        catch (MalformedMessageException e)
        {
            logger.LogWarning("Dropped a malformed status from {Purpose} reader {ReaderId}: {Problem}", type.Name(), readerId, e.Message);
            return;
        }
        if (status.ReaderId != readerId)
        {
            logger.LogWarning("Dropped a status naming another reader on the topic of {Purpose} reader {ReaderId}", type.Name(), readerId);
            return;
        }
        // Central's clock, not the reader's: a last will carries the time it was set, not the time the reader vanished.
        var seenAt = time.GetUtcNow();
        var online = !string.Equals(status.State, "offline", StringComparison.OrdinalIgnoreCase);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var updated = await db.Readers
            .Where(r => r.Id == readerId && r.Type == type && r.RevokedAt == null)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(r => r.LastSeenAt, seenAt).SetProperty(r => r.Online, online);
                // A last will reports -1: unknown, so the last known values stay.
                if (status.OutboxBacklog >= 0)
                {
                    set.SetProperty(r => r.OutboxBacklog, status.OutboxBacklog);
                }
                if (status.AllowListVersion >= 0)
                {
                    set.SetProperty(r => r.AllowListVersion, status.AllowListVersion);
                }
            }, cancellationToken);
        if (updated == 0)
        {
            logger.LogWarning("Dropped a status on the topic of {Purpose} reader {ReaderId}, which is not registered with that type or is revoked", type.Name(), readerId);
        }
    }
}
