using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Stores;
using StudentCard.Core.Messaging;
using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// "Who is inside now" for one site, for evacuations: gate pseudonyms and counts from today's gate passages (since
/// the site's daily reset). Names are a separate, audited re-identification, never part of this answer. A school admin
/// reaches only the sites of their school (<see cref="AccessPolicySource.SitesOf"/>).
/// </summary>
public sealed class RollCallQuery(IDbContextFactory<CentralDbContext> stores, AccessPolicySource policy, TimeProvider time)
{
    private static readonly TimeOnly DefaultReset = new(3, 0);
    private static readonly string Allow = PassageWords.Of(Decision.Allow);

    /// <summary>The sites of a school, in configuration order; none for a school no site names (or none given).</summary>
    public IReadOnlyList<string> SitesOf(string? school) => policy.SitesOf(school);

    /// <summary>
    /// The roll call of one of the school's sites; any other site, another school's included, is an
    /// <see cref="ArgumentException"/> naming the school's own sites only.
    /// </summary>
    public async Task<RollCallResult> ForSiteAsync(string siteName, string? school, CancellationToken cancellationToken = default)
    {
        var sites = SitesOf(school);
        var site = (sites.Contains(siteName, StringComparer.Ordinal) ? policy.Policy.FindSite(siteName) : null)
            ?? throw new ArgumentException($"No site '{siteName}'; the sites are: {string.Join(", ", sites)}.", nameof(siteName));
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
