using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.Messaging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge;
using StudentCard.Edge.AllowList;
using StudentCard.FirmwareSim;

namespace StudentCard.Local;

/// <summary>
/// The whole system on one machine, on loopback: Central with SQLite and its embedded broker (or a
/// Mosquitto process), synthetic pupils enrolled, and per reader a simulated PN532 board on a
/// pseudo-terminal and an agent driving it through System.IO.Ports. The demo, the end-to-end tests,
/// Central's integration tests and the benchmarks all start their systems here; a scenario chooses
/// its <see cref="LocalSystemOptions"/>. Central can be stopped and started again on the same ports and files.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    private readonly string _mqttServicePassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    private WebApplication? _central;
    private int _grpcPort;
    private int _mqttPort;

    private LocalSystem(LocalSystemOptions options, KeyRing keys)
    {
        Options = options;
        Keys = keys;
        Students = SyntheticRoster.Generate(options.StudentCount, options.Seed);
        if (options.Broker == BrokerKind.Mosquitto)
        {
            Mosquitto = new MosquittoBroker(Path.Combine(options.DataDirectory, "mosquitto"), Path.Combine(options.DataDirectory, "mosquitto-auth"));
        }
    }

    public LocalSystemOptions Options { get; }

    /// <summary>The key ring Central started with (what its key file held).</summary>
    public KeyRing Keys { get; }

    public IReadOnlyList<SyntheticStudent> Students { get; }

    public MosquittoBroker? Mosquitto { get; }

    public WebApplication Central => _central ?? throw new InvalidOperationException("Central is stopped.");

    public bool CentralRunning => _central is not null;

    public T CentralService<T>() where T : notnull => Central.Services.GetRequiredService<T>();

    public List<ReaderRig> Readers { get; } = [];

    public ReaderRig Reader(string readerId) => Readers.Single(r => r.ReaderId == readerId);

    /// <summary>The enrollment desks started so far, each with its simulated board and agent.</summary>
    public List<DeskRig> Desks { get; } = [];

    public DeskRig Desk(string deskId) => Desks.Single(d => d.DeskId == deskId);

    public string KeyFilePath => Path.Combine(Options.DataDirectory, "keys.json");

    /// <summary>Central's stores (central.db, vault.db, audit.db).</summary>
    public string CentralDataDirectory => Path.Combine(Options.DataDirectory, "central");

    /// <summary>Central's gRPC address; it stays the same across restarts.</summary>
    public string GrpcUrl => $"http://127.0.0.1:{_grpcPort}";

    /// <summary>The broker's port on 127.0.0.1 (embedded or Mosquitto); it stays the same across restarts.</summary>
    public int MqttPort => Mosquitto?.Port ?? _mqttPort;

    public static async Task<LocalSystem> StartAsync(LocalSystemOptions options, CancellationToken ct = default)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var keyFile = Path.Combine(options.DataDirectory, "keys.json");
        if (options.Keys is { } keys)
        {
            KeyFile.Write(keyFile, keys);
        }
        else if (!File.Exists(keyFile))
        {
            KeyFile.Write(keyFile, KeyRing.Generate());
        }
        var system = new LocalSystem(options, KeyFile.Read(keyFile));
        try
        {
            await system.StartCentralAsync(ct);
            if (system.Mosquitto is { } mosquitto)
            {
                // Started after Central, which writes its password and ACL files first.
                await mosquitto.StartAsync();
                await Until.TrueAsync(() => system.CentralService<CentralMqttClient>().IsConnected, "Central to connect to Mosquitto");
            }
            await system.EnrollAsync(ct);
            foreach (var readerId in options.ReaderIds)
            {
                await system.AddReaderAsync(readerId, ct);
            }
            foreach (var deskId in options.DeskIds)
            {
                await system.AddDeskAsync(deskId, ct: ct);
            }
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts Central (again) over the system's files: free ports the first time, the same ones after a stop.</summary>
    public async Task StartCentralAsync(CancellationToken ct = default)
    {
        var settings = LocalSettings.Central(Options, KeyFilePath, _grpcPort, _mqttPort, Mosquitto, _mqttServicePassword);
        var central = CentralApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (Options.Clock is { } clock)
            {
                builder.Services.AddSingleton(clock);
            }
            Options.ConfigureCentral?.Invoke(builder);
        });
        try
        {
            Options.MapCentral?.Invoke(central);
            await central.StartAsync(ct);
        }
        catch
        {
            // A refused start (a bad setting or key file) lets go of what it opened.
            await central.DisposeAsync();
            throw;
        }
        _central = central;
        var endpoints = central.Services.GetRequiredService<CentralEndpoints>();
        _grpcPort = new Uri(endpoints.GrpcUrl).Port;
        if (Mosquitto is null)
        {
            _mqttPort = endpoints.MqttPort;
        }
        else if (File.Exists(Mosquitto.PidFile))
        {
            await Until.TrueAsync(() => CentralService<CentralMqttClient>().IsConnected, "the restarted Central to connect to Mosquitto");
        }
    }

    /// <summary>A normal stop of Central (and of its embedded broker), keeping its files.</summary>
    public async Task StopCentralAsync()
    {
        if (_central is { } central)
        {
            _central = null;
            await central.StopAsync(TimeSpan.FromSeconds(10));
            await central.DisposeAsync();
        }
    }

    private async Task EnrollAsync(CancellationToken ct)
    {
        if (Options.Enrollment is not { } enrollment)
        {
            return;
        }
        var now = CentralService<TimeProvider>().GetUtcNow();
        await using var db = await CentralService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync(ct);
        if (!await db.Entitlements.AnyAsync(ct))
        {
            await CentralService<EnrollmentService>().EnrollManyAsync(enrollment(Students, Keys, now), ct);
            if (Options.Rules is { } rules)
            {
                await SyntheticEnrollment.GiveRightsAsync(rules(Students, now), CentralService<RuleService>(), ct);
            }
        }
    }

    /// <summary>
    /// Registers a reader with Central at the place its agent settings give it (<see cref="LocalSettings.Place"/>) and writes its
    /// agent's key file (K_site and its purpose's key only).
    /// </summary>
    public async Task<LocalReader> RegisterReaderAsync(string readerId, ReaderType type, CancellationToken ct = default)
    {
        var secret = await CentralService<ReaderRegistry>().RegisterAsync(readerId, type, LocalSettings.Place(Options, type), ct);
        var reader = new LocalReader(readerId, type, secret, Path.Combine(Options.DataDirectory, "readers", readerId));
        Directory.CreateDirectory(reader.DataDirectory);
        KeyFile.Write(reader.KeyFile, Keys.ForReader(type));
        return reader;
    }

    /// <summary>Registers an enrollment desk with Central and writes its key file: what "keys export-desk" writes, K_site and no purpose key.</summary>
    public async Task<LocalDesk> RegisterDeskAsync(string deskId, CancellationToken ct = default)
    {
        var secret = await CentralService<DeskRegistry>().RegisterAsync(deskId, ct);
        var desk = new LocalDesk(deskId, secret, Path.Combine(Options.DataDirectory, "desks", deskId));
        Directory.CreateDirectory(desk.DataDirectory);
        KeyFile.Write(desk.KeyFile, new KeyRing(Keys.Site, []));
        return desk;
    }

    /// <summary>Registers an enrollment desk (or starts it with <paramref name="secretOverride"/> instead of its issued secret), starts its simulated board and its agent.</summary>
    public async Task<DeskRig> AddDeskAsync(string deskId, string? secretOverride = null, CancellationToken ct = default)
    {
        var desk = await DeskRig.StartAsync(this, deskId, secretOverride, ct);
        Desks.Add(desk);
        return desk;
    }

    /// <summary>
    /// Adds a pupil through a roster import (their synthetic OneRoster bundle), so they have no card yet, and gives them
    /// these purposes through their own rule from <paramref name="validFrom"/> to <paramref name="validUntil"/>. Returns the
    /// vault's id of the pupil.
    /// </summary>
    public async Task<long> AddPupilWithoutCardAsync(SyntheticStudent pupil, DateTimeOffset validFrom, DateTimeOffset validUntil, params ReaderType[] purposes)
    {
        var import = await CentralService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([pupil]).Files()));
        if (!import.Committed)
        {
            throw new InvalidOperationException("The roster import of the pupil was refused.");
        }
        await CentralService<RuleService>().GivePupilsAsync(SyntheticEnrollment.Office,
            [.. purposes.Select(p => new PupilRight(pupil.StudentNumber, new PurposeGrant(p, validFrom, validUntil)))], "pupil added without a card");
        await using var vault = await CentralService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        return await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
    }

    /// <summary>An agent's settings for a registered reader, from <see cref="LocalSettings.Agent"/> with the scenario's <paramref name="extra"/> on top.</summary>
    public Dictionary<string, string?> AgentSettings(LocalReader reader, string readerPort, int? mqttPort = null, IEnumerable<KeyValuePair<string, string?>>? extra = null)
    {
        var settings = LocalSettings.Agent(Options, reader, GrpcUrl, "127.0.0.1", mqttPort ?? MqttPort, readerPort);
        LocalSettings.Overlay(settings, extra ?? []);
        return settings;
    }

    /// <summary>
    /// Builds (without starting) an agent in this process for a registered reader. <paramref name="replace"/>
    /// swaps services after the agent's wiring (e.g. a card reader the scenario feeds itself);
    /// <paramref name="mqttPort"/> routes its broker link elsewhere (e.g. through a proxy the scenario can cut).
    /// </summary>
    public IHost BuildAgent(LocalReader reader, string readerPort, IEnumerable<KeyValuePair<string, string?>>? extra = null,
        Action<IServiceCollection>? replace = null, int? mqttPort = null)
    {
        var settings = AgentSettings(reader, readerPort, mqttPort, extra);
        return EdgeAgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings), replace);
    }

    /// <summary>Registers a reader (its prefix names its type), starts its simulated board and its agent.</summary>
    public async Task<ReaderRig> AddReaderAsync(string readerId, CancellationToken ct = default)
    {
        var reader = await RegisterReaderAsync(readerId, ReaderTypes.Parse(readerId.Split('-')[0]), ct);
        var link = Path.Combine(Options.DataDirectory, "dev", readerId);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var board = SimulatedBoard.StartOnPseudoTerminal(link, readerId, Options.Console);
        var rig = new ReaderRig { Registration = reader, Board = board };
        Readers.Add(rig);
        await StartAgentAsync(rig, ct);
        return rig;
    }

    /// <summary>Starts (or restarts) a board reader's agent from its files and waits until it holds an allow-list.</summary>
    public async Task StartAgentAsync(ReaderRig rig, CancellationToken ct = default)
    {
        var device = rig.Board.DevicePath ?? throw new InvalidOperationException($"The board of {rig.ReaderId} has no device.");
        if (Options.Agents == AgentHosting.ChildProcess)
        {
            var settingsFile = Path.Combine(rig.DataDirectory, "edge.json");
            LocalSettings.WriteFile(settingsFile, AgentSettings(rig.Registration, device));
            var process = AgentProcess.Start(settingsFile);
            rig.Process = process;
            var allowListCopy = Path.Combine(rig.DataDirectory, $"allowlist-{rig.Type.Name()}.bin");
            await Until.TrueAsync(() => File.Exists(allowListCopy) || process.HasExited, $"{rig.ReaderId} to hold an allow-list", 60, ct);
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The agent of {rig.ReaderId} exited:\n{process.Tail()}");
            }
            return;
        }
        // The agents in this process read Central's clock too, so a scenario's clock moves the readers' decisions with it.
        rig.Agent = BuildAgent(rig.Registration, device, replace: Options.Clock is { } clock ? services => services.AddSingleton(clock) : null);
        await rig.Agent.StartAsync(ct);
        // The first scripted taps are then decided against it.
        var allowList = rig.AgentService<LocalAllowList>();
        await Until.TrueAsync(() => allowList.Current.Version > 0, $"{rig.ReaderId} to hold an allow-list", ct: ct);
    }

    /// <summary>Stops a reader's agent (cleanly in this process, with SIGKILL as its own process), leaving its files for a restart.</summary>
    public async Task StopAgentAsync(ReaderRig rig)
    {
        if (rig.Process is { } process)
        {
            rig.Process = null;
            process.Dispose();
        }
        if (rig.Agent is { } agent)
        {
            rig.Agent = null;
            await agent.StopAsync(TimeSpan.FromSeconds(10));
            agent.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var desk in Desks)
        {
            await desk.DisposeAsync();
        }
        foreach (var rig in Readers)
        {
            await StopAgentAsync(rig);
            await rig.Board.DisposeAsync();
        }
        await StopCentralAsync();
        if (Mosquitto is { } mosquitto)
        {
            await mosquitto.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
    }
}
