using System.Runtime.CompilerServices;
using System.Threading.Channels;
using StudentCard.Core.Rules;
using StudentCard.Edge.Reader;

namespace StudentCard.Local;

/// <summary>
/// The agent's ICardReader seam fed by a scenario: taps as fast as it writes them, feedback
/// counted. Ten thousand taps do not fit through a simulated serial port in a test's time; every
/// step after this seam (pseudonym, decision, outbox, MQTT, broker, Central, SQLite) is the real one.
/// </summary>
public sealed class FastCardReader : ICardReader
{
    private readonly Channel<CardTap> _taps = Channel.CreateBounded<CardTap>(new BoundedChannelOptions(64) { SingleReader = true });
    private long _signalled;

    /// <summary>Runs inside the feedback of a tap, i.e. after its passage was committed to the outbox.</summary>
    public Func<long, Task>? OnFeedback { get; set; }

    public long Signalled => Interlocked.Read(ref _signalled);

    public bool IsConnected => true;

    public ValueTask WriteAsync(CardTap tap, CancellationToken ct) => _taps.Writer.WriteAsync(tap, ct);

    public void Complete() => _taps.Writer.TryComplete();

    public async IAsyncEnumerable<CardTap> TapsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var tap in _taps.Reader.ReadAllAsync(ct))
        {
            yield return tap;
        }
    }

    public Task SignalAsync(Decision decision, ReasonCode reason, CancellationToken ct) => CountFeedbackAsync();

    public Task ShowAsync(IReadOnlyList<FeedbackStep> steps, CancellationToken ct) => CountFeedbackAsync();

    private async Task CountFeedbackAsync()
    {
        var count = Interlocked.Increment(ref _signalled);
        if (OnFeedback is { } hook)
        {
            await hook(count);
        }
    }
}
