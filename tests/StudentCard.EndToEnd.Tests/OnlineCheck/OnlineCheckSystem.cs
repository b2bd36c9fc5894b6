using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.AspNetCore.Server;
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
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;
using StudentCard.Edge;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Link;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Taps;
using StudentCard.EndToEnd.Tests.Resilience;

namespace StudentCard.EndToEnd.Tests.OnlineCheck;

/// <summary>
/// Central on loopback (real gRPC, embedded broker, SQLite files) with <see cref="SlowCheckCard"/> in
/// its gRPC pipeline, and one gate agent in-process with Edge:OnlineCheck on. The agent's MQTT link
/// runs through a proxy the test can hold down, which freezes the agent's allow-list (no notice
/// reaches it) while its gRPC calls still reach Central. Synthetic pupils, all entitled to the gate.
/// </summary>
public sealed class OnlineCheckSystem : IAsyncDisposable
{
    public const string ReaderId = "gate-online";
    public const int TimeoutMs = 150;

    private readonly int _grpcPort = FreePort();
    private readonly int _mqttPort = FreePort();
    private readonly string _keyFile;
    private WebApplication? _central;
    private IHost? _agent;

    private OnlineCheckSystem()
    {
        Root = Directory.CreateTempSubdirectory("sc-online-check-").FullName;
        Keys = KeyRing.Generate();
        _keyFile = Path.Combine(Root, "keys.json");
        KeyFile.Write(_keyFile, Keys);
        Students = SyntheticRoster.Generate(12, seed: 515);
        Proxy = new TcpCutProxy("127.0.0.1", _mqttPort);
    }

    public string Root { get; }

    public KeyRing Keys { get; }

    public IReadOnlyList<SyntheticStudent> Students { get; }

    public TcpCutProxy Proxy { get; }

    public SlowCheckCard SlowCheckCard { get; } = new();

    public FastCardReader Reader { get; } = new();

    /// <summary>Every passage the agent decided, by the pupil's index.</summary>
    public ConcurrentDictionary<int, PassageMessage> Decided { get; } = new();

    public T Central<T>() where T : notnull =>
        (_central ?? throw new InvalidOperationException("Central is stopped.")).Services.GetRequiredService<T>();

    public T Agent<T>() where T : notnull =>
        (_agent ?? throw new InvalidOperationException("The agent is stopped.")).Services.GetRequiredService<T>();

    public static async Task<OnlineCheckSystem> StartAsync()
    {
        var system = new OnlineCheckSystem();
        try
        {
            await system.StartCentralAsync();
            await system.EnrollAsync();
            await system.StartAgentAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public CardUid Card(int student) => new(Students[student].CardUid);

    public CardToken Token(int student) => PseudonymDeriver.CardToken(Card(student), Keys.Site);

    public string Pseudonym(int student) => PseudonymDeriver.Pseudonym(Card(student), ReaderType.Gate, Keys.Site, Keys.Current(ReaderType.Gate)).Value;

    /// <summary>What the agent's own allow-list says about the pupil right now (the decision without Central).</summary>
    public string LocalDecision(int student)
    {
        var processor = _agent!.Services.GetServices<IHostedService>().OfType<TapProcessor>().Single();
        return processor.Decide(Card(student), DateTimeOffset.UtcNow).Passage.Decision;
    }

    /// <summary>Holds the agent's broker link down, so its allow-list stays as it is, and waits until it is offline.</summary>
    public async Task FreezeAllowListAsync()
    {
        Proxy.Down();
        await Eventually.WaitAsync(() => !Agent<LinkState>().Connected, "the agent's broker link to drop");
    }

    /// <summary>Taps the pupil's card and returns the passage the agent decided and committed.</summary>
    public async Task<PassageMessage> TapAsync(int student)
    {
        var answered = Reader.Signalled;
        await Reader.WriteAsync(new CardTap(Card(student), DateTimeOffset.UtcNow), CancellationToken.None);
        await Eventually.WaitAsync(() => Reader.Signalled > answered && Decided.ContainsKey(student), "the tap to be answered");
        return Decided[student];
    }

    /// <summary>The passage as Central stored it, once it is there.</summary>
    public async Task<Passage> StoredAsync(Guid id)
    {
        return await Eventually.WaitAsync(
            async () =>
            {
                var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Root, "central", "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                await using (connection)
                {
                    await connection.OpenAsync();
                    await using var db = new CentralDbContext(new DbContextOptionsBuilder<CentralDbContext>().UseSqlite(connection).Options);
                    return await db.Passages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
                }
            },
            stored => stored is not null,
            "Central to store the passage",
            60) ?? throw new InvalidOperationException("unreachable");
    }

    public async Task StartCentralAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Central:DataDirectory"] = Path.Combine(Root, "central"),
            ["Central:KeyFile"] = _keyFile,
            ["Grpc:Port"] = _grpcPort.ToString(CultureInfo.InvariantCulture),
            ["Grpc:BindAddress"] = "127.0.0.1",
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Mqtt:Port"] = _mqttPort.ToString(CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Error",
        };
        _central = CentralApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(SlowCheckCard);
            builder.Services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<SlowCheckCard>());
        });
        await _central.StartAsync();
    }

    /// <summary>A normal stop of Central and its embedded broker; its files stay.</summary>
    public async Task StopCentralAsync()
    {
        if (_central is { } central)
        {
            _central = null;
            await central.StopAsync(TimeSpan.FromSeconds(10));
            await central.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Reader.Complete();
        if (_agent is { } agent)
        {
            _agent = null;
            await agent.StopAsync(TimeSpan.FromSeconds(10));
            agent.Dispose();
        }
        await StopCentralAsync();
        await Proxy.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task EnrollAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var enrollees = Students
            .Select((s, i) => new Enrollee(
                new NewStudent(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName),
                Token(i),
                [new PurposeGrant(ReaderType.Gate, now.AddDays(-30), now.AddDays(300))]))
            .ToArray();
        await Central<EnrollmentService>().EnrollManyAsync(enrollees);
    }

    private async Task StartAgentAsync()
    {
        var secret = await Central<ReaderRegistry>().RegisterAsync(ReaderId, ReaderType.Gate);
        var directory = Path.Combine(Root, "agent");
        Directory.CreateDirectory(directory);
        KeyFile.Write(Path.Combine(directory, "keys.json"), Keys.ForReader(ReaderType.Gate));
        var settings = new Dictionary<string, string?>
        {
            ["Edge:ReaderId"] = ReaderId,
            ["Edge:ReaderType"] = "gate",
            ["Edge:ReaderSecret"] = secret,
            ["Edge:Direction"] = "In",
            ["Edge:CentralUrl"] = $"http://127.0.0.1:{_grpcPort}",
            ["Edge:MqttHost"] = "127.0.0.1",
            ["Edge:MqttPort"] = Proxy.Port.ToString(CultureInfo.InvariantCulture),
            ["Edge:DataDirectory"] = directory,
            ["Edge:KeyFile"] = Path.Combine(directory, "keys.json"),
            ["Edge:HeartbeatSeconds"] = "1",
            ["Edge:ReconnectMaxMs"] = "500",
            ["Edge:OnlineCheck"] = "true",
            ["Edge:OnlineCheckTimeoutMs"] = TimeoutMs.ToString(CultureInfo.InvariantCulture),
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = "unused-fast-reader",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = directory, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddEdgeAgent();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICardReader>(Reader));
        _agent = builder.Build();
        var students = Students.Select((s, i) => (Pseudonym(i), i)).ToDictionary(x => x.Item1, x => x.i);
        _agent.Services.GetRequiredService<TapLog>().Tapped += passage => Decided[students[passage.Pseudonym]] = passage;
        await _agent.StartAsync();
        await Eventually.WaitAsync(() => Agent<LocalAllowList>().Current.Count == Students.Count && Agent<LinkState>().Connected, "the agent to hold the allow-list and be online");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
