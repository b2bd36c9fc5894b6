using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Stores;
using StudentCard.Core.Messaging;
using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// "Who is inside now" for one site, for evacuations: gate pseudonyms and counts from today's gate passages (since
/// the site's daily reset). Names are a separate, audited re-identification, never part of this answer.
/// </summary>
public sealed class RollCallQuery(IDbContextFactory<CentralDbContext> stores, AccessPolicySource policy, TimeProvider time)
{
    private static readonly TimeOnly DefaultReset = new(3, 0);
    private static readonly string Allow = PassageWords.Of(Decision.Allow);

    public IReadOnlyList<string> Sites => policy.Policy.Sites.Select(s => s.Name).ToList();

    /// <summary>The roll call of a site; an unknown site is an <see cref="ArgumentException"/> naming the known ones.</summary>
    public async Task<RollCallResult> ForSiteAsync(string siteName, CancellationToken cancellationToken = default)
    {
        var site = policy.Policy.FindSite(siteName)
            ?? throw new ArgumentException($"No site '{siteName}'; the sites are: {string.Join(", ", Sites)}.", nameof(siteName));
        var now = time.GetUtcNow();
        var reset = policy.Policy.Zones.Where(z => z.Site == site.Name).Select(z => z.DailyReset).DefaultIfEmpty(DefaultReset).First();
        var since = site.LastLocal(reset, now);
        var prefix = site.Name + "/";
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var rows = await db.Passages.AsNoTracking()
            .Where(p => p.Purpose == ReaderType.Gate && p.OccurredAt >= since && p.Place != null && p.Place.StartsWith(prefix))
            .Select(p => new { p.Pseudonym, p.Place, p.Direction, p.OccurredAt, p.Decision })
            .ToListAsync(cancellationToken);
        var passages = rows.Select(r => new RollCall.GatePassage(
            r.Pseudonym,
            r.Place![prefix.Length..],
            Enum.TryParse<Direction>(r.Direction, ignoreCase: true, out var direction) ? direction : Direction.None,
            r.OccurredAt,
            r.Decision == Allow));
        return new RollCallResult(site.Name, since, now, RollCall.Inside(passages, since));
    }
}

/// <summary>A site's roll call: who is inside (gate pseudonyms), counted since <paramref name="Since"/>, as of <paramref name="AsOf"/>.</summary>
public sealed record RollCallResult(string Site, DateTimeOffset Since, DateTimeOffset AsOf, IReadOnlyList<RollCall.Present> Inside)
{
    public IReadOnlyDictionary<string, int> CountByZone =>
        Inside.GroupBy(p => p.Zone ?? "").ToDictionary(g => g.Key, g => g.Count());
}
