using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Statistics;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Statistics;

/// <summary>Counts are made from passages before they expire, outlive them (and restarts), and never show a small cell.</summary>
public sealed class StatisticsTests
{
    private static readonly DateTimeOffset Hour = RetentionCentral.T0;

    [Fact]
    public async Task Counts_survive_the_passages_they_were_computed_from_with_small_cells_suppressed()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        // Central's clock after the last passage below, which it would otherwise refuse as coming from the future.
        clock.SetUtcNow(Hour + TimeSpan.FromHours(1));
        await using (var central = await RetentionCentral.StartAsync(directory, clock))
        {
            await RegisterAsync(central);
            await central.IngestAsync(ReaderType.Bus, "bus-1", [.. Many(ReaderType.Bus, "bus-1", Hour, 7, "allow"), .. Many(ReaderType.Bus, "bus-1", Hour.AddMinutes(20), 2, "deny")]);
            await central.IngestAsync(ReaderType.Bus, "bus-2", Many(ReaderType.Bus, "bus-2", Hour, 3, "allow"));
            await central.IngestAsync(ReaderType.Library, "library-1", [.. Many(ReaderType.Library, "library-1", Hour, 12, "allow"), .. Many(ReaderType.Library, "library-1", Hour.AddHours(1), 1, "allow")]);
            await central.IngestAsync(ReaderType.Gate, "gate-1", [.. Many(ReaderType.Gate, "gate-1", Hour, 6, "allow", "in"), .. Many(ReaderType.Gate, "gate-1", Hour.AddMinutes(59), 2, "allow", "out")]);

            clock.SetUtcNow(Hour + TimeSpan.FromDays(8));
            await central.Sweeper.SweepOnceAsync();
            // A second sweep counts nothing twice.
            await central.Sweeper.SweepOnceAsync();
            Assert.Empty(await central.StoredIdsAsync());
        }

        // A restart later still has the counts; the passages are long gone.
        clock.SetUtcNow(Hour + TimeSpan.FromDays(300));
        await using (var central = await RetentionCentral.StartAsync(directory, clock))
        {
            var reports = central.App.Services.GetRequiredService<StatisticsReports>();
            var day = (Hour, Hour.AddDays(1));

            Assert.Equal(
                ["bus-1 07:00 none 7 <5", "bus-2 07:00 none <5 <5"],
                Lines(await reports.RidershipAsync(day.Item1, day.Item2)));
            Assert.Equal(
                ["library-1 07:00 none 12 <5", "library-1 08:00 none <5 <5"],
                Lines(await reports.LibraryEntrancesAsync(day.Item1, day.Item2)));
            Assert.Equal(
                ["gate-1 07:00 in 6 <5", "gate-1 07:00 out <5 <5"],
                Lines(await reports.GateTrafficAsync(day.Item1, day.Item2)));
            var suppressed = (await reports.RidershipAsync(day.Item1, day.Item2))[1].Passes;
            Assert.Null(suppressed.Value);
            Assert.True(suppressed.Suppressed);
        }
    }

    [Fact]
    public async Task The_counts_table_holds_no_pseudonym_and_expires_after_its_own_retention()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        await using var central = await RetentionCentral.StartAsync(directory, clock, "--Retention:Statistics=30.00:00:00");
        await RegisterAsync(central);
        var passages = await central.IngestAsync(ReaderType.Bus, "bus-1", Many(ReaderType.Bus, "bus-1", Hour, 9, "allow"));
        clock.SetUtcNow(Hour + TimeSpan.FromDays(3));
        await central.Sweeper.SweepOnceAsync();

        await using (var db = central.Db())
        {
            var cell = await db.HourlyCounts.SingleAsync();
            Assert.Equal((ReaderType.Bus, "bus-1", Hour, "none", 9, 0), (cell.Purpose, cell.ReaderId, cell.Hour, cell.Direction, cell.Passes, cell.Refusals));
        }
        var bytes = FileBytes.OfDatabase(Path.Combine(central.DataDirectory, "central.db"));
        Assert.All(passages, p => Assert.Empty(bytes.WhereFound(FileBytes.Forms(p.Pseudonym).First().Bytes)));

        // The hour 07:00-08:00 expires when its end is 30 days old.
        clock.SetUtcNow(Hour + TimeSpan.FromDays(30) + TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        Assert.Equal(0, (await central.Sweeper.SweepOnceAsync()).CountsDeleted);
        clock.SetUtcNow(Hour + TimeSpan.FromDays(30) + TimeSpan.FromHours(1));
        Assert.Equal(1, (await central.Sweeper.SweepOnceAsync()).CountsDeleted);
    }

    [Fact]
    public async Task The_small_cell_threshold_is_a_setting_that_cannot_be_set_below_three()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        await using (var central = await RetentionCentral.StartAsync(directory, clock, "--Statistics:SmallCellThreshold=10"))
        {
            await RegisterAsync(central);
            await central.IngestAsync(ReaderType.Bus, "bus-1", Many(ReaderType.Bus, "bus-1", Hour, 9, "allow"));
            clock.SetUtcNow(Hour + TimeSpan.FromDays(3));
            await central.Sweeper.SweepOnceAsync();

            var rows = await central.App.Services.GetRequiredService<StatisticsReports>().RidershipAsync(Hour, Hour.AddDays(1));
            Assert.Equal(["bus-1 07:00 none <10 <10"], Lines(rows));
        }

        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            RetentionCentral.StartAsync(directory, clock, "--Statistics:SmallCellThreshold=2"));
    }

    private static async Task RegisterAsync(RetentionCentral central)
    {
        foreach (var (id, type) in new[] { ("bus-1", ReaderType.Bus), ("bus-2", ReaderType.Bus), ("library-1", ReaderType.Library), ("gate-1", ReaderType.Gate) })
        {
            await central.RegisterAsync(id, type);
        }
    }

    private static List<PassageMessage> Many(ReaderType type, string reader, DateTimeOffset at, int count, string decision, string direction = "none") =>
        Enumerable.Range(0, count).Select(i => RetentionCentral.Passage(type, reader, at.AddSeconds(i), decision, direction)).ToList();

    private static List<string> Lines(IEnumerable<ReportRow> rows) =>
        rows.Select(r => $"{r.ReaderId} {r.Hour:HH:mm} {r.Direction} {r.Passes} {r.Refusals}").ToList();
}
