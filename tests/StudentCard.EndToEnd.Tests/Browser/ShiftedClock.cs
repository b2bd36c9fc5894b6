namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// A clock set to a chosen moment that then runs on at the real pace: timers, delays and timestamps stay those of the
/// system, so the agents keep polling their boards and Central keeps its background work while the date is the scenario's.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - DateTimeOffset.UtcNow).Ticks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Sets the clock to <paramref name="moment"/>; it runs on from there.</summary>
    public void SetTo(DateTimeOffset moment) => Interlocked.Exchange(ref _offsetTicks, (moment - DateTimeOffset.UtcNow).Ticks);
}
