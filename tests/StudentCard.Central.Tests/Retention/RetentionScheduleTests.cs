using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Retention;

/// <summary>Passages live exactly as long as their purpose's retention, on a fake clock, across restarts.</summary>
public sealed class RetentionScheduleTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Each_purpose_keeps_its_passages_exactly_its_retention_across_restarts()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        var t0 = RetentionCentral.T0;
        Guid gate, bus, library;
        await using (var central = await RetentionCentral.StartAsync(directory, clock))
        {
            await central.RegisterAsync("gate-1", ReaderType.Gate);
            await central.RegisterAsync("bus-1", ReaderType.Bus);
            await central.RegisterAsync("library-1", ReaderType.Library);
            gate = (await central.IngestAsync(ReaderType.Gate, "gate-1", [RetentionCentral.Passage(ReaderType.Gate, "gate-1", t0, direction: "in")]))[0].Id;
            bus = (await central.IngestAsync(ReaderType.Bus, "bus-1", [RetentionCentral.Passage(ReaderType.Bus, "bus-1", t0)]))[0].Id;
            library = (await central.IngestAsync(ReaderType.Library, "library-1", [RetentionCentral.Passage(ReaderType.Library, "library-1", t0)]))[0].Id;
        }

        // Each step is a new Central on the same files, started at that moment; its own sweep runs too.
        var steps = new (TimeSpan At, Guid[] Kept)[]
        {
            (TimeSpan.FromHours(24) - Tick, [gate, bus, library]),
            (TimeSpan.FromHours(24), [gate, bus]),
            (TimeSpan.FromHours(48) - Tick, [gate, bus]),
            (TimeSpan.FromHours(48), [gate]),
            (TimeSpan.FromDays(7) - Tick, [gate]),
            (TimeSpan.FromDays(7), []),
        };
        foreach (var (at, kept) in steps)
        {
            clock.SetUtcNow(t0 + at);
            await using var central = await RetentionCentral.StartAsync(directory, clock);
            var sweep = await central.Sweeper.SweepOnceAsync();

            Assert.Equal(t0 + at, sweep.At);
            Assert.Equal(kept.Order(), (await central.StoredIdsAsync()).Order());
        }
    }

    [Fact]
    public async Task A_configured_retention_is_followed_to_the_tick()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        await using var central = await RetentionCentral.StartAsync(directory, clock, "--Retention:Gate=3.00:00:00", "--Retention:Bus=06:00:00");
        await central.RegisterAsync("gate-1", ReaderType.Gate);
        await central.RegisterAsync("bus-1", ReaderType.Bus);
        var gate = (await central.IngestAsync(ReaderType.Gate, "gate-1", [RetentionCentral.Passage(ReaderType.Gate, "gate-1", RetentionCentral.T0)]))[0].Id;
        var bus = (await central.IngestAsync(ReaderType.Bus, "bus-1", [RetentionCentral.Passage(ReaderType.Bus, "bus-1", RetentionCentral.T0)]))[0].Id;

        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromHours(6) - Tick);
        await central.Sweeper.SweepOnceAsync();
        Assert.Equal(new[] { gate, bus }.Order(), (await central.StoredIdsAsync()).Order());

        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromHours(6));
        await central.Sweeper.SweepOnceAsync();
        Assert.Equal(gate, Assert.Single(await central.StoredIdsAsync()));

        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromDays(3) - Tick);
        await central.Sweeper.SweepOnceAsync();
        Assert.Equal(gate, Assert.Single(await central.StoredIdsAsync()));

        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromDays(3));
        await central.Sweeper.SweepOnceAsync();
        Assert.Empty(await central.StoredIdsAsync());
    }

    [Fact]
    public async Task The_background_sweeper_runs_on_the_clock_without_being_asked()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        await using var central = await RetentionCentral.StartAsync(directory, clock, "--Retention:SweepInterval=00:01:00");
        await central.RegisterAsync("library-1", ReaderType.Library);
        await central.RegisterAsync("gate-1", ReaderType.Gate);
        var library = await central.IngestAsync(ReaderType.Library, "library-1", [RetentionCentral.Passage(ReaderType.Library, "library-1", RetentionCentral.T0)]);
        var gate = await central.IngestAsync(ReaderType.Gate, "gate-1", [RetentionCentral.Passage(ReaderType.Gate, "gate-1", RetentionCentral.T0)]);

        // Only the clock moves, ten minutes at a time; the sweeper's own timer must do the rest.
        await Poll.UntilAsync(() =>
        {
            if (clock.GetUtcNow() < RetentionCentral.T0 + TimeSpan.FromHours(25))
            {
                clock.Advance(TimeSpan.FromMinutes(10));
            }
            return central.Sweeper.LastSweep is { } last && last.At >= RetentionCentral.T0 + TimeSpan.FromHours(24);
        });

        Assert.Equal(gate[0].Id, Assert.Single(await central.StoredIdsAsync()));
        await using var db = central.Db();
        Assert.Equal(1, await db.HourlyCounts.Where(c => c.Purpose == ReaderType.Library).SumAsync(c => c.Passes));
        Assert.DoesNotContain(library[0].Id, await central.StoredIdsAsync());
    }
}
