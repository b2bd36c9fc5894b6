using StudentCard.Core.Passages;

namespace StudentCard.Core.Rules;

/// <summary>
/// Who is inside a site now, from its gates' passages: a pseudonym whose last passage let through since the roll call's
/// start (the site's daily reset) went in. Denied taps move nobody; an exit with no entry leaves nobody inside.
/// </summary>
public static class RollCall
{
    public static IReadOnlyList<Present> Inside(IEnumerable<GatePassage> passages, DateTimeOffset since)
    {
        var last = new Dictionary<string, GatePassage>(StringComparer.Ordinal);
        foreach (var passage in passages)
        {
            if (!passage.Allowed || passage.At < since || passage.Direction == Direction.None)
            {
                continue;
            }
            if (!last.TryGetValue(passage.Pseudonym, out var known) || known.At <= passage.At)
            {
                last[passage.Pseudonym] = passage;
            }
        }
        return last.Values
            .Where(p => p.Direction == Direction.In)
            .Select(p => new Present(p.Pseudonym, p.Zone, p.At))
            .OrderBy(p => p.Since)
            .ToList();
    }

    /// <summary>One gate passage as the roll call reads it.</summary>
    public readonly record struct GatePassage(string Pseudonym, string? Zone, Direction Direction, DateTimeOffset At, bool Allowed);

    /// <summary>Someone inside: their gate pseudonym, the zone they entered and when.</summary>
    public sealed record Present(string Pseudonym, string? Zone, DateTimeOffset Since);
}
