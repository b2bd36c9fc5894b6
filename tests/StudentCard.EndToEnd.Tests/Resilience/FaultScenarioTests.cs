using Microsoft.Extensions.Hosting;
using Microsoft.Data.Sqlite;
using StudentCard.Central.Messaging;
using StudentCard.Core;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// Store-and-forward under faults: each scenario decides 10,000 taps on four readers while
/// something breaks, then requires every decided passage stored exactly once in central.db.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class FaultScenarioTests(ITestOutputHelper output)
{
    private const int TapsPerReader = 2_500;

    private static async Task<ResilienceSystem> FourReadersAsync(ITestOutputHelper output, BrokerKind broker = BrokerKind.Embedded, bool viaProxy = false, ReaderType? type = null)
    {
        var system = await ResilienceSystem.StartAsync(output, broker);
        for (var i = 1; i <= 4; i++)
        {
            var readerType = type ?? (i % 2 == 0 ? ReaderType.Bus : ReaderType.Gate);
            await system.AddAgentAsync($"{readerType.Name()}-{i}", readerType, viaProxy);
        }
        return system;
    }

    private static long Decided(ResilienceSystem system) => system.Agents.Sum(a => (long)a.Decided.Count);

    private static Task DriveAllAsync(ResilienceSystem system, int taps = TapsPerReader) =>
        Task.WhenAll(system.Agents.Select(a => Task.Run(() => system.DriveAsync(a, taps))));

    private static void AssertNothingLostOrDuplicated(Tally tally, int atLeast = 10_000)
    {
        Assert.True(tally.Sent >= atLeast, $"only {tally.Sent} taps were decided");
        Assert.Equal(0, tally.Lost);
        Assert.Equal(0, tally.Duplicated);
        Assert.Equal(0, tally.WrongDecisions);
        Assert.Equal(tally.Sent, tally.Stored);
    }

    [Fact]
    public async Task Central_stopped_during_taps_and_started_again_loses_and_duplicates_nothing()
    {
        await using var system = await FourReadersAsync(output);

        var driving = DriveAllAsync(system);
        await Eventually.WaitAsync(() => Decided(system) >= 2_500, "a quarter of the taps before the stop", 120);
        await system.StopCentralAsync();
        await Eventually.WaitAsync(() => Decided(system) >= 6_000, "taps decided while Central is down", 120);
        await system.StartCentralAsync();
        await driving;
        await system.WaitForDeliveryAsync();

        AssertNothingLostOrDuplicated(await system.ReportAsync("Central stopped and restarted"));
    }

    [Fact]
    public async Task The_embedded_broker_stopped_and_restarted_inside_a_running_Central_loses_and_duplicates_nothing()
    {
        await using var system = await FourReadersAsync(output);
        var broker = system.CentralService<EmbeddedBroker>();

        var driving = DriveAllAsync(system);
        await Eventually.WaitAsync(() => Decided(system) >= 2_500, "a quarter of the taps before the broker stops", 120);
        await broker.StopAsync(CancellationToken.None);
        await Eventually.WaitAsync(() => Decided(system) >= 6_000, "taps decided while the broker is down", 120);
        await broker.StartAsync(CancellationToken.None);
        await driving;
        await system.WaitForDeliveryAsync();

        AssertNothingLostOrDuplicated(await system.ReportAsync("embedded broker stopped and restarted"));
    }

    [MosquittoFact]
    public async Task Mosquitto_killed_and_restarted_loses_and_duplicates_nothing()
    {
        await using var system = await FourReadersAsync(output, BrokerKind.Mosquitto);

        var driving = DriveAllAsync(system);
        await Eventually.WaitAsync(() => Decided(system) >= 2_500, "a quarter of the taps before Mosquitto is killed", 120);
        await system.Mosquitto!.KillAsync();
        await Eventually.WaitAsync(() => Decided(system) >= 6_000, "taps decided while Mosquitto is down", 120);
        await system.Mosquitto.StartAsync();
        await driving;
        await system.WaitForDeliveryAsync();

        AssertNothingLostOrDuplicated(await system.ReportAsync("Mosquitto killed (SIGKILL) and restarted"));
    }

    /// <summary>
    /// In-process, so not a real SIGKILL: at the feedback of its 1000th tap the agent's files are
    /// copied as a crash leaves them (while a write lock keeps any commit from landing half-way:
    /// the committed WAL, no checkpoint, no shared-memory index), its network is cut, its host
    /// abandoned without a graceful stop, and a new agent starts from the copied files.
    /// </summary>
    [Fact]
    public async Task An_agent_abandoned_mid_burst_and_restarted_from_a_crash_image_of_its_files_loses_and_duplicates_nothing()
    {
        await using var system = await FourReadersAsync(output, viaProxy: true);
        var victim = system.Agents[0];
        var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dying = victim.Reader;
        dying.OnFeedback = async count =>
        {
            if (count == 1_000)
            {
                CrashImage(victim);
                victim.Generation++;
                dying.Complete();
                crashed.TrySetResult();
                // A killed process answers nothing more: this tap's feedback never finishes.
                await Task.Delay(Timeout.Infinite, victim.Service<IHostApplicationLifetime>().ApplicationStopping)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        };

        var driving = DriveAllAsync(system, TapsPerReader + 100);
        await crashed.Task.WaitAsync(TimeSpan.FromSeconds(120));
        victim.Proxy!.Down();
        var abandoned = victim.Host!;
        victim.Host = null;
        abandoned.Dispose();
        victim.Proxy.Up();
        await system.StartAgentAsync(victim);
        await driving;
        await system.WaitForDeliveryAsync();

        AssertNothingLostOrDuplicated(await system.ReportAsync("agent abandoned mid-burst, restarted from a crash image (in-process)"));
    }

    [Fact]
    public async Task A_flapping_link_between_agents_and_broker_loses_and_duplicates_nothing()
    {
        await using var system = await FourReadersAsync(output, viaProxy: true);
        using var stop = new CancellationTokenSource();
        var flapping = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(150, 600), CancellationToken.None);
                foreach (var agent in system.Agents)
                {
                    agent.Proxy!.CutAll();
                }
            }
        });

        await DriveAllAsync(system);
        await Eventually.WaitAsync(() => system.Agents.Sum(a => a.Proxy!.Cuts) >= 40, "at least ten cuts of each link", 120);
        await stop.CancelAsync();
        await flapping;
        await system.WaitForDeliveryAsync();

        var tally = await system.ReportAsync($"flapping link ({system.Agents.Sum(a => a.Proxy!.Cuts)} cuts)");
        AssertNothingLostOrDuplicated(tally);
    }

    [Fact]
    public async Task Every_passage_delivered_many_times_is_stored_once()
    {
        await using var system = await FourReadersAsync(output);
        using var stop = new CancellationTokenSource();
        // The agents' own resends: every unconfirmed passage due again, again and again.
        var resetting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
                foreach (var agent in system.Agents)
                {
                    agent.Outbox.MarkAllUnsent();
                }
            }
        });
        await DriveAllAsync(system);
        await system.WaitForDeliveryAsync();
        await stop.CancelAsync();
        await resetting;
        var before = system.AlreadyStored;

        // Then each reader's whole history published three more times, with its own credentials.
        var republished = 0;
        foreach (var agent in system.Agents)
        {
            republished += await Redelivery.PublishAgainAsync(system, agent, times: 3);
        }
        await Eventually.WaitAsync(() => system.AlreadyStored - before >= republished, "Central to absorb every redelivered passage", 120);

        var tally = await system.ReportAsync($"forced redelivery ({republished} passages published again)");
        AssertNothingLostOrDuplicated(tally);
        Assert.True(tally.RedeliveriesAbsorbed >= republished);
    }

    [Fact]
    public async Task A_bus_offline_for_a_shift_decides_every_tap_locally_and_delivers_the_whole_backlog_afterwards()
    {
        await using var system = await FourReadersAsync(output, viaProxy: true, type: ReaderType.Bus);
        foreach (var agent in system.Agents)
        {
            agent.Proxy!.Down();
        }
        await Eventually.WaitAsync(() => system.Agents.All(a => !a.Link.Connected), "every bus offline");

        await DriveAllAsync(system);
        await Eventually.WaitAsync(() => system.Agents.All(a => a.Reader.Signalled == TapsPerReader), "every tap answered while offline", 120);

        Assert.All(system.Agents, a =>
        {
            Assert.False(a.Link.Connected);
            Assert.Equal(TapsPerReader, a.Outbox.Count);
            Assert.All(a.Decided.Values, p => Assert.Equal(a.Expected[p.OccurredAt.UtcTicks], p.Decision));
        });
        foreach (var agent in system.Agents)
        {
            agent.Proxy!.Up();
        }
        await system.WaitForDeliveryAsync();

        AssertNothingLostOrDuplicated(await system.ReportAsync("bus offline for a shift, then back"));
    }

    /// <summary>Copies outbox.db and its WAL while holding SQLite's write lock, so the copy is what a kill leaves on disk.</summary>
    private static void CrashImage(AgentRig rig)
    {
        var source = rig.DataDirectory;
        var image = source + "-crash-image";
        Directory.CreateDirectory(image);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(source, "outbox.db"), Pooling = false }.ToString()))
        {
            connection.Open();
            using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
            foreach (var file in Directory.GetFiles(source).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(image, Path.GetFileName(file)), overwrite: true);
            }
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }
        rig.DataDirectory = image;
    }
}

/// <summary>Scenarios load two cores with 10,000 taps each: they run one after another and not beside other collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ResilienceCollection
{
    public const string Name = "resilience";
}
