using StudentCard.Central.AllowList;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rights;

/// <summary>
/// Several rules giving one pupil one purpose become one right, since a reader's list carries one entry per pseudonym:
/// the rules in effect now (else the next to start, else the last to end, so a refusal says "expired"), over the hull of
/// their periods, at the union of their places; when their schedules differ each place carries its rule's schedule.
/// </summary>
public static class RightMerge
{
    public static (PurposeGrant Grant, IReadOnlyList<long> RuleIds) Merge(IReadOnlyCollection<AccessRule> rules, DateTimeOffset now)
    {
        if (rules.Count == 0)
        {
            throw new ArgumentException("A right is merged from at least one rule.", nameof(rules));
        }
        var chosen = Chosen(rules, now);
        var from = chosen.Min(r => r.ValidFrom);
        var until = chosen.Max(r => r.ValidUntil);
        var schedules = chosen.Select(r => r.Schedule).Distinct().ToList();
        string? places;
        string? schedule;
        if (schedules.Count == 1)
        {
            schedule = schedules[0];
            places = chosen.Any(r => r.Places is null) ? null : Join(chosen.SelectMany(r => Tokens(r.Places)));
        }
        else
        {
            schedule = null;
            places = Join(chosen.SelectMany(r => (r.Places is null ? ["*"] : Tokens(r.Places))
                .Select(token => r.Schedule is null ? token : $"{token}@{r.Schedule}")));
        }
        return (new PurposeGrant(chosen[0].Purpose, from, until, places, schedule), chosen.Select(r => r.Id).Order().ToList());
    }

    private static List<AccessRule> Chosen(IReadOnlyCollection<AccessRule> rules, DateTimeOffset now)
    {
        var current = rules.Where(r => r.ValidFrom <= now && now < r.ValidUntil).ToList();
        if (current.Count > 0)
        {
            return current;
        }
        var upcoming = rules.Where(r => r.ValidFrom > now).ToList();
        if (upcoming.Count > 0)
        {
            var next = upcoming.Min(r => r.ValidFrom);
            return upcoming.Where(r => r.ValidFrom == next).ToList();
        }
        var last = rules.Max(r => r.ValidUntil);
        return rules.Where(r => r.ValidUntil == last).ToList();
    }

    public static IEnumerable<string> Tokens(string? places) => places?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static string Join(IEnumerable<string> tokens) => string.Join(' ', tokens.Distinct(StringComparer.Ordinal));
}
