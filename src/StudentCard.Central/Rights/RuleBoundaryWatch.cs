using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rights;

/// <summary>
/// Re-derives everyone's rights when a rule's period starts or ends, since which rules a right is merged from depends on
/// the time; it sleeps until the next boundary and is woken early when a rule changes.
/// </summary>
public sealed class RuleBoundaryWatch(
    IDbContextFactory<VaultDbContext> vaults,
    RightsDerivation derivation,
    TimeProvider time,
    ILogger<RuleBoundaryWatch> logger) : BackgroundService
{
    // Task.Delay's longest wait; a boundary further away is reached in several sleeps.
    private static readonly TimeSpan LongestSleep = TimeSpan.FromDays(1);

    private CancellationTokenSource _wake = new();

    /// <summary>A rule changed: its boundaries may come sooner than the one slept towards.</summary>
    public void RulesChanged() => Interlocked.Exchange(ref _wake, new CancellationTokenSource()).Cancel();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake);
            var now = time.GetUtcNow();
            var next = await NextBoundaryAsync(now, stoppingToken);
            // Measured again just before sleeping, so time passing while the boundary was looked up is not slept twice.
            var sleep = next is { } at ? at - time.GetUtcNow() : LongestSleep;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, wake.Token);
            try
            {
                if (sleep > TimeSpan.Zero)
                {
                    await Task.Delay(sleep < LongestSleep ? sleep : LongestSleep, time, either.Token);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (next is { } boundary && time.GetUtcNow() >= boundary)
            {
                try
                {
                    await derivation.DeriveEveryoneAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    logger.LogError(failure, "Deriving rights at a rule's start or end failed; retried at the next boundary or rule change");
                }
            }
        }
    }

    private async Task<DateTimeOffset?> NextBoundaryAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var starts = await vault.AccessRules.Where(r => r.ValidFrom > now).Select(r => (DateTimeOffset?)r.ValidFrom).MinAsync(cancellationToken);
        var ends = await vault.AccessRules.Where(r => r.ValidUntil > now).Select(r => (DateTimeOffset?)r.ValidUntil).MinAsync(cancellationToken);
        return starts is null ? ends : ends is null ? starts : starts < ends ? starts : ends;
    }
}
