using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Cli;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Cli;

public sealed class CliReaderAndReportTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task The_retention_report_shows_each_store_against_its_retention_and_maximum()
    {
        var result = await _cli.RunAsync("retention", "report", "--Retention:Bus=12:00:00");
        var invalid = await _cli.RunAsync("retention", "report", "--Retention:Library=2.00:00:00");

        Assert.True(result.Code == CliExit.Ok, result.ToString());
        Assert.Contains("bus passages\t12:00:00\t7.00:00:00\t0\t-\t0", result.Output);
        Assert.Contains("audit entries\t365.00:00:00", result.Output);
        Assert.Equal(CliExit.Failed, invalid.Code);
        Assert.Contains("above the hard maximum", invalid.Error);
    }

    [Fact]
    public async Task The_statistics_report_prints_suppressed_cells_and_refuses_an_empty_period()
    {
        await using (var services = await _cli.ServicesAsync())
        {
            await using var db = await services.Get<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            db.HourlyCounts.Add(new HourlyCount { Purpose = ReaderType.Bus, ReaderId = "bus-7", Hour = new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero), Direction = "none", Passes = 12, Refusals = 2 });
            await db.SaveChangesAsync();
        }

        var report = await _cli.RunAsync("statistics", "report", "--type", "bus", "--from", "2026-11-02", "--until", "2026-11-03");
        var backwards = await _cli.RunAsync("statistics", "report", "--type", "bus", "--from", "2026-11-03", "--until", "2026-11-02");

        Assert.True(report.Code == CliExit.Ok, report.ToString());
        Assert.Contains("bus-7\t2026-11-02 07:00\tnone\t12\t<5", report.Output);
        Assert.Equal(CliExit.Usage, backwards.Code);
        Assert.Contains("--until must be after --from", backwards.Error);
    }
}
