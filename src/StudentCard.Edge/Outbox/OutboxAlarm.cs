using Microsoft.Extensions.Options;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Outbox;

/// <summary>
/// Raises the outbox alarm when the backlog reaches Edge:OutboxAlarmThreshold: a flag on LinkState
/// and an error log (repeated each minute while it lasts). The outbox never drops a passage to
/// stay under the threshold: a lost passage is worse than a full disk warning.
/// </summary>
public sealed class OutboxAlarm(LinkState state, IOptions<EdgeOptions> options, TimeProvider time, ILogger<OutboxAlarm> logger)
{
    private static readonly TimeSpan Repeat = TimeSpan.FromMinutes(1);
    private readonly int _threshold = options.Value.OutboxAlarmThreshold;
    private long _lastLogTicks;

    public void Check(int backlog)
    {
        if (backlog >= _threshold)
        {
            var now = time.GetUtcNow();
            var raisedNow = state.SetOutboxAlarm(true);
            var last = Interlocked.Read(ref _lastLogTicks);
            if ((raisedNow || now.UtcTicks - last > Repeat.Ticks) && Interlocked.CompareExchange(ref _lastLogTicks, now.UtcTicks, last) == last)
            {
                logger.LogError("OUTBOX ALARM: {Backlog} passages wait for Central (threshold {Threshold}); all are kept and taps are still decided", backlog, _threshold);
            }
        }
        else if (state.OutboxAlarm && state.SetOutboxAlarm(false))
        {
            logger.LogInformation("Outbox alarm cleared: {Backlog} passages wait for Central (threshold {Threshold})", backlog, _threshold);
        }
    }
}
