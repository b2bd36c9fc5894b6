using StudentCard.Central.Vault;
using StudentCard.Central.Rights;
using System.Collections.Concurrent;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Link;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Taps;

namespace StudentCard.EndToEnd.Tests.OnlineCheck;

/// <summary>
/// The online-check scenario of the local system: Central with <see cref="SlowCheckCard"/> in its gRPC
/// pipeline, and one gate agent in-process with Edge:OnlineCheck on. The agent's MQTT link runs
/// through a proxy the test can hold down, which freezes the agent's allow-list (no notice reaches
/// it) while its gRPC calls still reach Central. Synthetic pupils, all entitled to the gate.
/// </summary>
public sealed class OnlineCheckSystem : IAsyncDisposable
{
    public const string ReaderId = "gate-online";
    public const int TimeoutMs = 150;

    private IHost? _agent;

    private OnlineCheckSystem(LocalSystem local, SlowCheckCard slowCheckCard)
    {
        Local = local;
        SlowCheckCard = slowCheckCard;
        Proxy = new TcpCutProxy("127.0.0.1", local.MqttPort);
    }

    public LocalSystem Local { get; }

    public string Root => Local.Options.DataDirectory;

    public KeyRing Keys => Local.Keys;

    public IReadOnlyList<SyntheticStudent> Students => Local.Students;

    public TcpCutProxy Proxy { get; }

    public SlowCheckCard SlowCheckCard { get; }

    public FastCardReader Reader { get; } = new();

    /// <summary>Every passage the agent decided, by the pupil's index.</summary>
    public ConcurrentDictionary<int, PassageMessage> Decided { get; } = new();

    public T Central<T>() where T : notnull => Local.CentralService<T>();

    public T Agent<T>() where T : notnull =>
        (_agent ?? throw new InvalidOperationException("The agent is stopped.")).Services.GetRequiredService<T>();

    public static async Task<OnlineCheckSystem> StartAsync()
    {
        var slowCheckCard = new SlowCheckCard();
        var local = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = Directory.CreateTempSubdirectory("sc-online-check-").FullName,
            StudentCount = 12,
            Seed = 515,
            ReaderIds = [],
            LogLevel = "Error",
            Enrollment = Enrollees,
            Rules = Rules,
            ConfigureCentral = builder =>
            {
                builder.Services.AddSingleton(slowCheckCard);
                builder.Services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<SlowCheckCard>());
            },
            AgentSettings = new Dictionary<string, string?>
            {
                ["Edge:HeartbeatSeconds"] = "1",
                ["Edge:ReconnectMaxMs"] = "500",
                ["Edge:OnlineCheck"] = "true",
                ["Edge:OnlineCheckTimeoutMs"] = TimeoutMs.ToString(CultureInfo.InvariantCulture),
            },
        });
        var system = new OnlineCheckSystem(local, slowCheckCard);
        try
        {
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
                var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Local.CentralDataDirectory, "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
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

    public Task StartCentralAsync() => Local.StartCentralAsync();

    /// <summary>A normal stop of Central and its embedded broker; its files stay.</summary>
    public Task StopCentralAsync() => Local.StopCentralAsync();

    public async ValueTask DisposeAsync()
    {
        Reader.Complete();
        if (_agent is { } agent)
        {
            _agent = null;
            await agent.StopAsync(TimeSpan.FromSeconds(10));
            agent.Dispose();
        }
        await Local.DisposeAsync();
        await Proxy.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IReadOnlyList<Enrollee> Enrollees(IReadOnlyList<SyntheticStudent> students, KeyRing keys, DateTimeOffset now) => students
        .Select(s => new Enrollee(
            new NewStudent(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName),
            PseudonymDeriver.CardToken(new CardUid(s.CardUid), keys.Site)))
        .ToArray();

    /// <summary>Every pupil may pass the gate: per school a rule listing them.</summary>
    private static IReadOnlyList<RuleDraft> Rules(IReadOnlyList<SyntheticStudent> students, DateTimeOffset now) =>
    [
        .. students.GroupBy(s => s.School).Select(school => new RuleDraft(school.Key, ReaderType.Gate, "pupils' gate", RulePopulation.Pupils, null, null, null,
            now.AddDays(-30), now.AddDays(300), [.. school.Select(s => s.StudentNumber)])),
    ];

    private async Task StartAgentAsync()
    {
        var reader = await Local.RegisterReaderAsync(ReaderId, ReaderType.Gate);
        _agent = Local.BuildAgent(reader, "unused-fast-reader", replace: services => services.Replace(ServiceDescriptor.Singleton<ICardReader>(Reader)), mqttPort: Proxy.Port);
        var students = Students.Select((s, i) => (Pseudonym(i), i)).ToDictionary(x => x.Item1, x => x.i);
        _agent.Services.GetRequiredService<TapLog>().Tapped += passage => Decided[students[passage.Pseudonym]] = passage;
        await _agent.StartAsync();
        await Eventually.WaitAsync(() => Agent<LocalAllowList>().Current.Count == Students.Count && Agent<LinkState>().Connected, "the agent to hold the allow-list and be online");
    }
}
