using System.Collections.Concurrent;
using System.Diagnostics;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>Two load shapes: calls started at a fixed rate (latency), and a fixed number of callers flat out (throughput).</summary>
public static class Load
{
    /// <summary>Starts one call every 1/rate seconds for the duration; returns each call's latency in ms.</summary>
    public static async Task<double[]> PacedAsync(Func<Task> call, int perSecond, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var pending = new List<Task>();
        var interval = Stopwatch.Frequency / perSecond;
        var start = Stopwatch.GetTimestamp();
        var total = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = start + (i * interval);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(2))
                {
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }
            pending.Add(Timed(call, latencies));
        }
        await Task.WhenAll(pending);
        return latencies.ToArray();
    }

    /// <summary>Calls per second that <paramref name="callers"/> concurrent loops achieve over the duration.</summary>
    public static async Task<double> FlatOutAsync(Func<Task> call, int callers, TimeSpan duration)
    {
        long done = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                await call();
                Interlocked.Increment(ref done);
            }
        }));
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task Timed(Func<Task> call, ConcurrentBag<double> latencies)
    {
        var begin = Stopwatch.GetTimestamp();
        await call();
        latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
    }
}
