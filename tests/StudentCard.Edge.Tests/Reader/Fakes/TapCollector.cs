using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>Runs a reader's tap loop in the background and keeps what it reports.</summary>
internal sealed class TapCollector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<CardTap> _taps = [];
    private readonly Task _run;

    private TapCollector(ICardReader reader)
    {
        _run = Task.Run(async () =>
        {
            await foreach (var tap in reader.TapsAsync(_stop.Token))
            {
                lock (_taps)
                {
                    _taps.Add(tap);
                }
            }
        });
    }

    public IReadOnlyList<CardTap> Taps
    {
        get
        {
            lock (_taps)
            {
                return [.. _taps];
            }
        }
    }

    /// <summary>Set if the loop ended by itself (it never should) or threw.</summary>
    public Task Run => _run;

    public static TapCollector Start(ICardReader reader) => new(reader);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
