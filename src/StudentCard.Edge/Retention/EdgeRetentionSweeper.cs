using Microsoft.Extensions.Options;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Retention;

/// <summary>
/// The agent's retention: it never deletes a passage (the outbox forgets one only when Central
/// confirms it), but it checkpoints the outbox so confirmed passages vanish from the files' bytes,
/// and scrubs allow-list copies an interrupted write left behind.
/// </summary>
public sealed class EdgeRetentionSweeper(
    PassageOutbox outbox,
    IOptions<EdgeOptions> edge,
    IOptions<EdgeRetentionOptions> options,
    TimeProvider time,
    ILogger<EdgeRetentionSweeper> logger) : BackgroundService
{
    private int _sweeps;

    /// <summary>Completed sweeps, for health checks and tests.</summary>
    public int Sweeps => Volatile.Read(ref _sweeps);

    /// <summary>True when the outbox checkpoint completed.</summary>
    public bool SweepOnce()
    {
        var checkpointed = outbox.Checkpoint();
        if (!checkpointed)
        {
            logger.LogDebug("The outbox checkpoint was blocked by a reader of the file; it is tried again at the next sweep");
        }
        ScrubStaleAllowListCopies();
        Interlocked.Increment(ref _sweeps);
        return checkpointed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var interval = TimeSpan.FromSeconds(options.Value.CheckpointSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                SweepOnce();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogWarning(e, "The agent's retention sweep failed; it is tried again in {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void ScrubStaleAllowListCopies()
    {
        var directory = edge.Value.DataDirectory;
        if (!Directory.Exists(directory))
        {
            return;
        }
        var staleBefore = time.GetUtcNow() - TimeSpan.FromMinutes(options.Value.StaleTemporaryMinutes);
        foreach (var path in Directory.EnumerateFiles(directory, "allowlist-*.bin.tmp"))
        {
            if (File.GetLastWriteTimeUtc(path) < staleBefore.UtcDateTime)
            {
                FileScrubber.ScrubAndDelete(path);
                logger.LogInformation("Scrubbed an allow-list copy left by an interrupted write");
            }
        }
    }
}
