using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Statistics;

/// <summary>
/// Adds passages to the hourly counts. The retention sweeper calls it inside the transaction that
/// deletes those passages, so every passage is counted exactly once and before it is gone.
/// </summary>
public static class HourlyCounter
{
    public static async Task AddAsync(CentralDbContext db, IEnumerable<CountedPassage> passages, CancellationToken cancellationToken)
    {
        var cells = passages
            .GroupBy(p => (p.Purpose, p.ReaderId, Hour: StartOfHour(p.OccurredAt), p.Direction))
            .Select(g => (g.Key, Passes: g.Count(p => p.Decision == "allow"), Refusals: g.Count(p => p.Decision != "allow"), Site: g.Select(p => p.Site).LastOrDefault(s => s is not null)));
        foreach (var (key, passes, refusals, site) in cells)
        {
            var cell = await db.HourlyCounts.FindAsync([key.Purpose, key.ReaderId, key.Hour, key.Direction], cancellationToken);
            if (cell is null)
            {
                db.HourlyCounts.Add(new HourlyCount
                {
                    Purpose = key.Purpose,
                    ReaderId = key.ReaderId,
                    Hour = key.Hour,
                    Direction = key.Direction,
                    Site = site,
                    Passes = passes,
                    Refusals = refusals,
                });
            }
            else
            {
                cell.Site = site ?? cell.Site;
                cell.Passes += passes;
                cell.Refusals += refusals;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public static DateTimeOffset StartOfHour(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }
}
