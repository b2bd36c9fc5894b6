using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Stores;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Makes every running Central follow the readers' revocations in the store, whichever process made them (the admin UI,
/// the command line, another Central on the same store): every <see cref="RevokedReaders.PollPeriod"/>, and at once when
/// nudged by a revocation made here, it counts the revoked readers; when the count moved it reads their ids, records the new
/// ones in <see cref="RevokedReaders"/>, makes the registry forget them and tells every <see cref="IReaderRevocationListener"/>.
/// A count is the marker rather than the latest RevokedAt, since revocations are never undone and registrations never
/// deleted, and a clock behind this one (the command line's machine) cannot hide a revocation from it.
/// </summary>
public sealed class ReaderRevocationWatcher(
    IDbContextFactory<CentralDbContext> stores,
    RevokedReaders revoked,
    ReaderRegistry registry,
    IEnumerable<IReaderRevocationListener> listeners,
    TimeProvider time,
    ILogger<ReaderRevocationWatcher> logger) : BackgroundService
{
    private readonly HashSet<string> _unhandled = new(StringComparer.Ordinal);
    private int _handledCount = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        revoked.Watched(true);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var waiting = revoked.TakeWaiting();
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not check the store for revoked readers; trying again");
                }
                finally
                {
                    waiting?.TrySetResult();
                }
                await revoked.WaitAsync(RevokedReaders.PollPeriod, time, stoppingToken);
            }
        }
        finally
        {
            revoked.Watched(false);
        }
    }

    /// <summary>One look at the store; the first one after start hands every revoked reader to the listeners.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var count = await db.Readers.CountAsync(r => r.RevokedAt != null, cancellationToken);
        if (count == _handledCount)
        {
            return;
        }
        var ids = await db.Readers.AsNoTracking().Where(r => r.RevokedAt != null).Select(r => r.Id).ToListAsync(cancellationToken);
        var fresh = revoked.Add(ids);
        registry.Forget(fresh);
        _unhandled.UnionWith(fresh);
        if (_unhandled.Count == 0)
        {
            _handledCount = count;
            return;
        }
        if (fresh.Count > 0 && _handledCount >= 0)
        {
            logger.LogInformation("Revoked readers {ReaderIds} found in the store; cutting what they still hold", fresh);
        }
        var unhandled = _unhandled.ToList();
        var handled = true;
        foreach (var listener in listeners)
        {
            try
            {
                await listener.ReadersRevokedAsync(unhandled, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                handled = false;
                logger.LogError(e, "{Listener} failed on revoked readers {ReaderIds}; retrying at the next check", listener.GetType().Name, unhandled);
            }
        }
        if (handled)
        {
            _unhandled.Clear();
            _handledCount = count;
        }
    }
}
