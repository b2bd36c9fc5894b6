using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Per school, what a plan's leavers mean before it is committed: how many of its active pupils leave, the issued cards
/// <see cref="LeaverCardRevoker"/> revokes once the grace has passed, and on which day in the school's time zone (that of
/// the school's first site in the calendar in force, UTC for a school without a site: <see cref="AccessPolicySource.ZoneOf"/>).
/// </summary>
public static class LeaverForecast
{
    public static readonly string NoSiteZone = TimeZoneInfo.Utc.Id;

    public static async Task<IReadOnlyList<SchoolLeavers>> MakeAsync(
        VaultDbContext vault, RosterPlan plan, bool fullExport, RosterLimits limits, AccessPolicySource access, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leaving = plan.Leaving.ToList();
        if (leaving.Count == 0)
        {
            return [];
        }
        var schools = leaving.Select(s => s.School).Distinct(StringComparer.Ordinal).ToList();
        var active = await vault.Students.Where(s => schools.Contains(s.School) && s.DeactivatedAt == null)
            .GroupBy(s => s.School).Select(g => new { School = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.School, g => g.Count, StringComparer.Ordinal, cancellationToken);
        var ids = leaving.Select(s => s.Id).ToList();
        var cards = (await vault.Cards.Where(c => ids.Contains(c.StudentId) && c.Status == CardStatus.Issued).Select(c => c.StudentId).ToListAsync(cancellationToken))
            .CountBy(id => id).ToDictionary(c => c.Key, c => c.Value);
        var revokedAt = now + limits.LeaverGrace;
        return leaving
            .GroupBy(s => s.School, StringComparer.Ordinal)
            .Select(g =>
            {
                var zone = access.ZoneOf(g.Key);
                var pupils = active.GetValueOrDefault(g.Key);
                var count = g.Count();
                return new SchoolLeavers(
                    g.Key,
                    count,
                    pupils,
                    g.Sum(s => cards.GetValueOrDefault(s.Id)),
                    DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(revokedAt, zone).DateTime),
                    zone.Id,
                    fullExport && (long)count * 100 > (long)pupils * limits.MaxLeavingPercent);
            })
            .OrderBy(l => l.School, StringComparer.Ordinal)
            .ToList();
    }
}
