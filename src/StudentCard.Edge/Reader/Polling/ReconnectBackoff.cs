namespace StudentCard.Edge.Reader;

/// <summary>Exponential delay between reconnection attempts, from a minimum doubling up to a maximum.</summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public ReconnectBackoff(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max < min ? min : max;
        _next = min;
    }

    /// <summary>The delay before the next attempt; each call doubles the following one.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        return delay;
    }

    public void Reset() => _next = _min;
}
