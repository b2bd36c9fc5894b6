using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>
/// Turns the cards each poll lists into taps: a card held in the field is one tap, and it counts again only after
/// successful polls have not seen it for the hold-off. A stalled or failed poll is not evidence of absence.
/// </summary>
public sealed class HoldOffFilter
{
    private readonly TimeSpan _holdOff;
    private readonly List<Tracked> _tracked = [];

    public HoldOffFilter(TimeSpan holdOff)
    {
        _holdOff = holdOff;
    }

    /// <summary>Records one successful poll's cards and returns those that are new taps.</summary>
    public IReadOnlyList<CardUid> Observe(IReadOnlyList<CardUid> listed, DateTimeOffset now)
    {
        var taps = new List<CardUid>();
        foreach (var uid in listed)
        {
            var known = _tracked.Find(t => t.Uid.SameAs(uid));
            if (known is null)
            {
                _tracked.Add(new Tracked(uid));
                taps.Add(uid);
            }
            else if (known.AbsentSince is { } gone && now - gone >= _holdOff)
            {
                known.AbsentSince = null;
                taps.Add(uid);
            }
            else
            {
                known.AbsentSince = null;
            }
        }
        foreach (var tracked in _tracked)
        {
            if (tracked.AbsentSince is null && !listed.Any(uid => uid.SameAs(tracked.Uid)))
            {
                tracked.AbsentSince = now;
            }
        }
        _tracked.RemoveAll(t => t.AbsentSince is { } gone && now - gone >= _holdOff);
        return taps;
    }

    private sealed class Tracked(CardUid uid)
    {
        public CardUid Uid { get; } = uid;

        public DateTimeOffset? AbsentSince { get; set; }
    }
}
