using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StudentCard.Central;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Messaging;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Taps;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>Which broker carries MQTT in a scenario.</summary>
public enum BrokerKind
{
    Embedded,
    Mosquitto,
}

/// <summary>
/// Central and several agents as real in-process hosts on loopback, over real SQLite files, with
/// the embedded broker or a real Mosquitto process. Central can be stopped and started again on
/// the same ports and files; agents can be restarted or abandoned from their files. Synthetic
/// pupils only: every fifth one holds no entitlement, so the allow-list is seen to decide.
/// </summary>
public sealed class ResilienceSystem : IAsyncDisposable
{
    private const string ServiceUser = "studentcard-central";
    private readonly string _serviceSecret = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    private readonly ITestOutputHelper _output;
    private readonly int _grpcPort = FreePort();
    private readonly int _embeddedMqttPort = FreePort();
    private long _alreadyStoredBefore;
    private long _storedBefore;

    private ResilienceSystem(ITestOutputHelper output, BrokerKind broker, int studentCount)
    {
        _output = output;
        Broker = broker;
        Root = Directory.CreateTempSubdirectory("sc-resilience-").FullName;
        Keys = KeyRing.Generate();
        KeyFile.Write(KeyFilePath, Keys);
        Students = SyntheticRoster.Generate(studentCount, seed: 4242);
        if (broker == BrokerKind.Mosquitto)
        {
            Mosquitto = new MosquittoBroker(Path.Combine(Root, "mosquitto"), Path.Combine(Root, "mosquitto-auth"));
        }
    }

    public BrokerKind Broker { get; }

    public string Root { get; }

    public KeyRing Keys { get; }

    public string KeyFilePath => Path.Combine(Root, "keys.json");

    public IReadOnlyList<SyntheticStudent> Students { get; }

    public MosquittoBroker? Mosquitto { get; }

    public WebApplication? Central { get; private set; }

    public List<AgentRig> Agents { get; } = [];

    public int MqttPort => Mosquitto?.Port ?? _embeddedMqttPort;

    public static bool IsEntitled(int studentIndex) => studentIndex % 5 != 4;

    public static async Task<ResilienceSystem> StartAsync(ITestOutputHelper output, BrokerKind broker = BrokerKind.Embedded, int students = 60)
    {
        var system = new ResilienceSystem(output, broker, students);
        try
        {
            await system.StartCentralAsync();
            if (system.Mosquitto is { } mosquitto)
            {
                await mosquitto.StartAsync();
                await Eventually.WaitAsync(() => system.CentralService<CentralMqttClient>().IsConnected, "Central to connect to Mosquitto");
            }
            await system.EnrollAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public T CentralService<T>() where T : notnull =>
        (Central ?? throw new InvalidOperationException("Central is stopped.")).Services.GetRequiredService<T>();

    /// <summary>Passages Central found it already had (redeliveries absorbed), over every Central started so far.</summary>
    public long AlreadyStored => _alreadyStoredBefore + (Central is null ? 0 : CentralService<IngestStatistics>().AlreadyStored);

    public long StoredByIngest => _storedBefore + (Central is null ? 0 : CentralService<IngestStatistics>().Stored);

    public async Task StartCentralAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Central:DataDirectory"] = Path.Combine(Root, "central"),
            ["Central:KeyFile"] = KeyFilePath,
            ["Grpc:Port"] = _grpcPort.ToString(CultureInfo.InvariantCulture),
            ["Grpc:BindAddress"] = "127.0.0.1",
            ["Admin:Port"] = "0",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Serilog:MinimumLevel:Default"] = "Error",
        };
        if (Mosquitto is { } mosquitto)
        {
            settings["Mqtt:Mode"] = "External";
            settings["Mqtt:Port"] = mosquitto.Port.ToString(CultureInfo.InvariantCulture);
            settings["Mqtt:ServiceUsername"] = ServiceUser;
            settings["Mqtt:ServicePassword"] = _serviceSecret;
            settings["Mqtt:MosquittoAuthDirectory"] = mosquitto.AuthDirectory;
            settings["Mqtt:MosquittoPidFile"] = mosquitto.PidFile;
        }
        else
        {
            settings["Mqtt:Mode"] = "Embedded";
            settings["Mqtt:Port"] = _embeddedMqttPort.ToString(CultureInfo.InvariantCulture);
        }
        Central = CentralApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await Central.StartAsync();
        if (Mosquitto is { } running && File.Exists(running.PidFile))
        {
            await Eventually.WaitAsync(() => CentralService<CentralMqttClient>().IsConnected, "the restarted Central to connect to Mosquitto");
        }
    }

    /// <summary>A normal stop of Central (and of its embedded broker), keeping its files.</summary>
    public async Task StopCentralAsync()
    {
        if (Central is { } central)
        {
            _alreadyStoredBefore += CentralService<IngestStatistics>().AlreadyStored;
            _storedBefore += CentralService<IngestStatistics>().Stored;
            Central = null;
            await central.StopAsync(TimeSpan.FromSeconds(10));
            await central.DisposeAsync();
        }
    }

    private async Task EnrollAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var grants = new[] { ReaderType.Gate, ReaderType.Bus, ReaderType.Library }
            .Select(p => new PurposeGrant(p, now.AddDays(-60), now.AddDays(300))).ToArray();
        var enrollees = Students
            .Select((s, i) => (s, i))
            .Where(x => IsEntitled(x.i))
            .Select(x => new Enrollee(
                new NewStudent(x.s.StudentNumber, x.s.GivenName, x.s.FamilyName, x.s.School, x.s.ClassName, x.s.BirthYear, x.s.GuardianName),
                PseudonymDeriver.CardToken(new CardUid(x.s.CardUid), Keys.Site),
                grants))
            .ToArray();
        await CentralService<EnrollmentService>().EnrollManyAsync(enrollees);
    }

    /// <summary>Registers a reader with Central and starts its agent; through its own cuttable proxy when asked.</summary>
    public async Task<AgentRig> AddAgentAsync(string readerId, ReaderType type, bool viaProxy = false, IDictionary<string, string?>? extra = null)
    {
        var secret = await CentralService<ReaderRegistry>().RegisterAsync(readerId, type);
        var directory = Path.Combine(Root, "agents", readerId);
        Directory.CreateDirectory(directory);
        KeyFile.Write(Path.Combine(directory, "keys.json"), Keys.ForReader(type));
        var rig = new AgentRig
        {
            ReaderId = readerId,
            Type = type,
            Secret = secret,
            Index = Agents.Count,
            DataDirectory = directory,
            Proxy = viaProxy ? new TcpCutProxy("127.0.0.1", MqttPort) : null,
        };
        Agents.Add(rig);
        await StartAgentAsync(rig, extra);
        return rig;
    }

    /// <summary>Starts (or restarts) the rig's agent from its files, with a fresh fast reader.</summary>
    public async Task StartAgentAsync(AgentRig rig, IDictionary<string, string?>? extra = null, bool waitForAllowList = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Edge:ReaderId"] = rig.ReaderId,
            ["Edge:ReaderType"] = rig.Type.Name(),
            ["Edge:ReaderSecret"] = rig.Secret,
            ["Edge:Direction"] = rig.Type == ReaderType.Gate ? "In" : "None",
            ["Edge:CentralUrl"] = $"http://127.0.0.1:{_grpcPort}",
            ["Edge:MqttHost"] = "127.0.0.1",
            ["Edge:MqttPort"] = (rig.Proxy?.Port ?? MqttPort).ToString(CultureInfo.InvariantCulture),
            ["Edge:DataDirectory"] = rig.DataDirectory,
            ["Edge:KeyFile"] = Path.Combine(rig.DataDirectory, "keys.json"),
            ["Edge:HeartbeatSeconds"] = "1",
            ["Edge:ResendAfterSeconds"] = "3",
            ["Edge:ReconnectMaxMs"] = "500",
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = "unused-fast-reader",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        var reader = new FastCardReader();
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = rig.DataDirectory, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddEdgeAgent();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICardReader>(reader));
        var host = builder.Build();
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
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Root, "central", "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
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
        if (Mosquitto is { } mosquitto)
        {
            await mosquitto.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What a scenario delivered: every decided passage must be stored exactly once.</summary>
public sealed record Tally(int Sent, int Stored, int Lost, int Duplicated, int WrongDecisions, long RedeliveriesAbsorbed);
