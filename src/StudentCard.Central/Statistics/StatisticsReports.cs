using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Statistics;

/// <summary>
/// The only way counts leave the store: per reader, hour and direction, with every small cell
/// suppressed. No totals are offered, since a total next to its cells would reveal a suppressed one.
/// </summary>
public sealed class StatisticsReports(IDbContextFactory<CentralDbContext> stores, IOptions<StatisticsOptions> options)
{
    /// <summary>Bus ridership per route (the bus reader) and hour.</summary>
    public Task<IReadOnlyList<ReportRow>> RidershipAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ReportAsync(ReaderType.Bus, from, until, cancellationToken);

    /// <summary>Library entrances per library reader and hour.</summary>
    public Task<IReadOnlyList<ReportRow>> LibraryEntrancesAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ReportAsync(ReaderType.Library, from, until, cancellationToken);

    /// <summary>Gate traffic per gate reader, hour and direction (in/out).</summary>
    public Task<IReadOnlyList<ReportRow>> GateTrafficAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        ReportAsync(ReaderType.Gate, from, until, cancellationToken);

    /// <summary>
    /// One purpose's cells; with <paramref name="sites"/>, only the cells of readers at those sites (a school's view:
    /// a cell with no site, such as a bus route's, is then left out).
    /// </summary>
    public async Task<IReadOnlyList<ReportRow>> ReportAsync(
        ReaderType purpose, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default, IReadOnlyCollection<string>? sites = null)
    {
        var threshold = options.Value.SmallCellThreshold;
        var start = HourlyCounter.StartOfHour(from);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var query = db.HourlyCounts.Where(c => c.Purpose == purpose && c.Hour >= start && c.Hour < until);
        if (sites is not null)
        {
            query = query.Where(c => c.Site != null && sites.Contains(c.Site));
        }
        var cells = await query
            .OrderBy(c => c.Hour).ThenBy(c => c.ReaderId).ThenBy(c => c.Direction)
            .ToListAsync(cancellationToken);
        return cells
            .Select(c => new ReportRow(c.Purpose, c.ReaderId, c.Hour, c.Direction, ReportedCount.Of(c.Passes, threshold), ReportedCount.Of(c.Refusals, threshold)))
            .ToList();
    }
}
