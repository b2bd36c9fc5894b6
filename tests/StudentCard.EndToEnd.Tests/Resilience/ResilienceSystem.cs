using StudentCard.Central.Vault;
using StudentCard.Central.Rights;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serilog.Core;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Taps;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// The resilience scenario of the local system: Central over real SQLite files with the embedded
/// broker or a real Mosquitto process, and agents in-process fed by a <see cref="FastCardReader"/>.
/// Central can be stopped and started again on the same ports and files; agents can be restarted or
/// abandoned from their files. Synthetic pupils only: every fifth one holds no entitlement, so the
/// allow-list is seen to decide.
/// </summary>
public sealed class ResilienceSystem : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private long _alreadyStoredBefore;
    private long _storedBefore;

    private ResilienceSystem(ITestOutputHelper output, LocalSystem local)
    {
        _output = output;
        Local = local;
    }

    public LocalSystem Local { get; }

    public BrokerKind Broker => Local.Options.Broker;

    public string Root => Local.Options.DataDirectory;

    public KeyRing Keys => Local.Keys;

    public IReadOnlyList<SyntheticStudent> Students => Local.Students;

    public MosquittoBroker? Mosquitto => Local.Mosquitto;

    public List<AgentRig> Agents { get; } = [];

    public int MqttPort => Local.MqttPort;

    public static bool IsEntitled(int studentIndex) => studentIndex % 5 != 4;

    /// <summary>Starts the system; with a site (and a gate zone) its gate readers are registered and configured there.</summary>
    public static async Task<ResilienceSystem> StartAsync(ITestOutputHelper output, BrokerKind broker = BrokerKind.Embedded, int students = 60, string? site = null, string? gateZone = null)
    {
        var local = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            Site = site,
            GateZone = gateZone,
            DataDirectory = Directory.CreateTempSubdirectory("sc-resilience-").FullName,
            StudentCount = students,
            Seed = 4242,
            Broker = broker,
            ReaderIds = [],
            Enrollment = Enrollees,
            Rules = Rules,
            AgentSettings = new Dictionary<string, string?>
            {
                ["Edge:HeartbeatSeconds"] = "1",
                ["Edge:ResendAfterSeconds"] = "3",
                ["Edge:ReconnectMaxMs"] = "500",
            },
        });
        return new ResilienceSystem(output, local);
    }

    public T CentralService<T>() where T : notnull => Local.CentralService<T>();

    /// <summary>Passages Central found it already had (redeliveries absorbed), over every Central started so far.</summary>
    public long AlreadyStored => _alreadyStoredBefore + (Local.CentralRunning ? CentralService<IngestStatistics>().AlreadyStored : 0);

    public long StoredByIngest => _storedBefore + (Local.CentralRunning ? CentralService<IngestStatistics>().Stored : 0);

    public Task StartCentralAsync() => Local.StartCentralAsync();

    /// <summary>A normal stop of Central (and of its embedded broker), keeping its files.</summary>
    public async Task StopCentralAsync()
    {
        if (Local.CentralRunning)
        {
            _alreadyStoredBefore += CentralService<IngestStatistics>().AlreadyStored;
            _storedBefore += CentralService<IngestStatistics>().Stored;
            await Local.StopCentralAsync();
        }
    }

    private static IReadOnlyList<Enrollee> Enrollees(IReadOnlyList<SyntheticStudent> students, KeyRing keys, DateTimeOffset now) => students
        .Where((_, i) => IsEntitled(i))
        .Select(s => new Enrollee(
            new NewStudent(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName),
            PseudonymDeriver.CardToken(new CardUid(s.CardUid), keys.Site)))
        .ToArray();

    /// <summary>Every enrolled pupil may pass every reader type, per school a rule for each purpose listing them.</summary>
    private static IReadOnlyList<RuleDraft> Rules(IReadOnlyList<SyntheticStudent> students, DateTimeOffset now) =>
    [
        .. from school in students.Where((_, i) => IsEntitled(i)).GroupBy(s => s.School)
           from purpose in ReaderTypes.All
           select new RuleDraft(school.Key, purpose, $"enrolled pupils' {purpose.Name()}", RulePopulation.Pupils, null, null, null,
               now.AddDays(-60), now.AddDays(300), [.. school.Select(s => s.StudentNumber)]),
    ];

    /// <summary>Registers a reader with Central and starts its agent; through its own cuttable proxy when asked.</summary>
    public async Task<AgentRig> AddAgentAsync(string readerId, ReaderType type, bool viaProxy = false, IDictionary<string, string?>? extra = null)
    {
        var registration = await Local.RegisterReaderAsync(readerId, type);
        var rig = new AgentRig
        {
            ReaderId = readerId,
            Type = type,
            Secret = registration.Secret,
            Index = Agents.Count,
            DataDirectory = registration.DataDirectory,
            Proxy = viaProxy ? new TcpCutProxy("127.0.0.1", MqttPort) : null,
        };
        Agents.Add(rig);
        await StartAgentAsync(rig, extra);
        return rig;
    }

    /// <summary>Starts (or restarts) the rig's agent from its files, with a fresh fast reader.</summary>
    public async Task StartAgentAsync(AgentRig rig, IDictionary<string, string?>? extra = null, bool waitForAllowList = true)
    {
        var reader = new FastCardReader();
        var logs = new CapturingLogSink();
        var registration = new LocalReader(rig.ReaderId, rig.Type, rig.Secret, rig.DataDirectory);
        var host = Local.BuildAgent(registration, "unused-fast-reader", extra, services =>
        {
            services.Replace(ServiceDescriptor.Singleton<ICardReader>(reader));
            services.AddSingleton<ILogEventSink>(logs);
        }, rig.Proxy?.Port);
        var generation = rig.Generation;
        host.Services.GetRequiredService<TapLog>().Tapped += passage =>
        {
            if (rig.Generation == generation)
            {
                rig.Decided[passage.Id] = passage;
            }
        };
        rig.Reader = reader;
        rig.Logs = logs;
        rig.Host = host;
        await host.StartAsync();
        if (waitForAllowList)
        {
            await Eventually.WaitAsync(() => rig.AllowList.Current.Version > 0, $"{rig.ReaderId} to hold an allow-list");
        }
    }

    /// <summary>A clean stop of the agent, keeping its files.</summary>
    public async Task StopAgentAsync(AgentRig rig)
    {
        if (rig.Host is { } host)
        {
            rig.Host = null;
            rig.Reader.Complete();
            await host.StopAsync(TimeSpan.FromSeconds(10));
            host.Dispose();
        }
    }

    /// <summary>
    /// Writes taps to the agent: pupils in a fixed rotation, each tap at its own time so a passage
    /// stored twice under two ids would show. Waits for a new reader when the current one died.
    /// </summary>
    public async Task DriveAsync(AgentRig rig, int taps, int pauseEvery = 50, int pauseMs = 2, CancellationToken ct = default)
    {
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < taps; i++)
        {
            var number = rig.TakeTapNumber();
            var student = (int)((number * 7 + rig.Index * 13) % Students.Count);
            var at = start.AddTicks(number * TimeSpan.TicksPerMillisecond + rig.Index);
            rig.Expected[at.UtcTicks] = IsEntitled(student) ? "allow" : "deny";
            var tap = new CardTap(new CardUid(Students[student].CardUid), at);
            while (true)
            {
                var reader = rig.Reader;
                try
                {
                    await reader.WriteAsync(tap, ct);
                    break;
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    await Eventually.WaitAsync(() => !ReferenceEquals(rig.Reader, reader) && rig.Host is not null, $"a new agent for {rig.ReaderId}");
                }
            }
            if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1)
            {
                await Task.Delay(pauseMs, ct);
            }
        }
    }

    /// <summary>Waits until every decided passage is in central.db and every outbox is empty.</summary>
    public async Task WaitForDeliveryAsync(int seconds = 120)
    {
        await Eventually.WaitAsync(async () =>
        {
            var tally = await TallyAsync();
            var backlog = Agents.Where(a => a.Host is not null).Sum(a => a.Outbox.Count);
            return (tally.Lost, backlog);
        }, x => x.Lost == 0 && x.backlog == 0, "every decided passage stored and every outbox emptied", seconds);
    }

    /// <summary>sent / stored / lost / duplicated over every rig, read from central.db.</summary>
    public async Task<Tally> TallyAsync()
    {
        var decided = Agents.SelectMany(a => a.Decided.Values).ToDictionary(p => p.Id);
        var readers = Agents.Select(a => a.ReaderId).ToList();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Local.CentralDataDirectory, "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using (connection)
        {
            await connection.OpenAsync();
            await using var db = new CentralDbContext(new DbContextOptionsBuilder<CentralDbContext>().UseSqlite(connection).Options);
            var rows = await db.Passages.AsNoTracking().Where(p => readers.Contains(p.ReaderId))
                .Select(p => new { p.Id, p.ReaderId, p.OccurredAt, p.Decision }).ToListAsync();
            var storedIds = rows.Select(r => r.Id).ToHashSet();
            var distinctTaps = rows.Select(r => (r.ReaderId, r.OccurredAt.UtcTicks)).Distinct().Count();
            var unexpected = rows.Count(r => !decided.ContainsKey(r.Id));
            var wrongDecision = rows.Count(r =>
                !Agents.Single(a => a.ReaderId == r.ReaderId).Expected.TryGetValue(r.OccurredAt.UtcTicks, out var expected) || expected != r.Decision);
            return new Tally(
                Sent: decided.Count,
                Stored: decided.Keys.Count(storedIds.Contains),
                Lost: decided.Keys.Count(id => !storedIds.Contains(id)),
                Duplicated: rows.Count - distinctTaps + unexpected,
                WrongDecisions: wrongDecision,
                RedeliveriesAbsorbed: AlreadyStored);
        }
    }

    public async Task<Tally> ReportAsync(string scenario)
    {
        var tally = await TallyAsync();
        _output.WriteLine($"{scenario} [{Broker}]: sent {tally.Sent} / stored {tally.Stored} / lost {tally.Lost} / duplicated {tally.Duplicated}"
            + $" (redeliveries absorbed by Central: {tally.RedeliveriesAbsorbed}; decisions not matching the allow-list: {tally.WrongDecisions})");
        return tally;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var rig in Agents)
        {
            try
            {
                await StopAgentAsync(rig);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
            }
            if (rig.Proxy is { } proxy)
            {
                await proxy.DisposeAsync();
            }
        }
        await StopCentralAsync();
        await Local.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What a scenario delivered: every decided passage must be stored exactly once.</summary>
public sealed record Tally(int Sent, int Stored, int Lost, int Duplicated, int WrongDecisions, long RedeliveriesAbsorbed);
