using Microsoft.Extensions.Options;
using StudentCard.Core.Rules;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Display;

/// <summary>
/// What the driver display knows: the last verdict and when it came, riders this trip, the route, the link and the outbox
/// backlog. It is told decisions only, never who tapped.
/// </summary>
public sealed class DriverDisplay
{
    private readonly OfflineIndicator _offline;
    private readonly PassageOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly TimeSpan _verdictFor;
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSource();
    private AccessDecision? _last;
    private DateTimeOffset? _lastAt;
    private int _riders;
    private string? _route;

    public DriverDisplay(OfflineIndicator offline, PassageOutbox outbox, TimeProvider time, IOptions<EdgeOptions> edge, IOptions<DisplayOptions> options)
    {
        _offline = offline;
        _outbox = outbox;
        _time = time;
        _verdictFor = TimeSpan.FromSeconds(options.Value.VerdictSeconds);
        _route = edge.Value.Route;
    }

    /// <summary>Shows a tap's decision; an allowance (flagged or not) is one more rider this trip.</summary>
    public void Show(AccessDecision decision, DateTimeOffset at)
    {
        lock (_gate)
        {
            _last = decision;
            _lastAt = at;
            if (decision.IsAllowed)
            {
                _riders++;
            }
        }
        Announce();
    }

    /// <summary>Starts a new trip: the rider count goes back to zero and the route is shown.</summary>
    public void StartTrip(string? route)
    {
        lock (_gate)
        {
            _route = route;
            _riders = 0;
            _last = null;
            _lastAt = null;
        }
        Announce();
    }

    /// <summary>The screen as of now.</summary>
    public DriverScreen Current()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var verdict = _lastAt is { } at && now - at < _verdictFor ? _last : null;
            var lastTap = _lastAt is { } tapped ? TimeZoneInfo.ConvertTime(tapped, _time.LocalTimeZone) : (DateTimeOffset?)null;
            return new DriverScreen(verdict, lastTap, _riders, _route, !_offline.IsOffline, _outbox.Count);
        }
    }

    /// <summary>Completes at the next tap or new trip; take it before reading <see cref="Current"/> so no change slips between.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    private void Announce() => Interlocked.Exchange(ref _changed, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
