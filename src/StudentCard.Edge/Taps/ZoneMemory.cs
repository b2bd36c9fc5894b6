using StudentCard.Core.Rules;

namespace StudentCard.Edge.Taps;

/// <summary>
/// The last passage let through per pseudonym in this gate's zone, for anti-passback: this reader's own, and those of
/// the zone's other readers as Central relays them. Held in memory only and forgotten after a day, since no reset
/// interval is longer; an agent restarted offline starts with an empty memory and so never wrongly denies.
/// </summary>
public sealed class ZoneMemory(TimeProvider time)
{
    /// <summary>How long a passage is remembered: no reset interval is longer.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(24);
    private readonly Dictionary<string, RecentPassage> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _pruneAt = 1024;

    public RecentPassage? Last(string pseudonym)
    {
        lock (_gate)
        {
            return _last.TryGetValue(pseudonym, out var passage) ? passage : null;
        }
    }

    /// <summary>Keeps the newer of what is known and this passage (relayed passages may arrive late or twice).</summary>
    public void Record(string pseudonym, RecentPassage passage)
    {
        lock (_gate)
        {
            if (!_last.TryGetValue(pseudonym, out var known) || known.At <= passage.At)
            {
                _last[pseudonym] = passage;
            }
            if (_last.Count >= _pruneAt)
            {
                var cutoff = time.GetUtcNow() - Horizon;
                foreach (var old in _last.Where(p => p.Value.At < cutoff).Select(p => p.Key).ToList())
                {
                    _last.Remove(old);
                }
                _pruneAt = Math.Max(1024, _last.Count * 2);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _last.Count;
            }
        }
    }
}
