using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge;
using StudentCard.FirmwareSim;

namespace StudentCard.Demo;

/// <summary>
/// The whole system on one machine: Central with SQLite and its embedded MQTT broker, and per
/// reader a simulated PN532 board on a pseudo-terminal and an agent driving it through
/// System.IO.Ports. Synthetic pupils are enrolled at start. The README's first command runs
/// this; the end-to-end tests start it too.
/// </summary>
public sealed class LocalSystem : IAsyncDisposable
{
    private LocalSystem(LocalSystemOptions options, WebApplication central, IReadOnlyList<SyntheticStudent> students)
    {
        Options = options;
        Central = central;
        Students = students;
    }

    public LocalSystemOptions Options { get; }

    public WebApplication Central { get; }

    public IReadOnlyList<SyntheticStudent> Students { get; }

    public List<ReaderRig> Readers { get; } = [];

    public ReaderRig Reader(string readerId) => Readers.Single(r => r.ReaderId == readerId);

    public string KeyFilePath => Path.Combine(Options.DataDirectory, "keys.json");

    public static async Task<LocalSystem> StartAsync(LocalSystemOptions options, CancellationToken ct = default)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var keyFile = Path.Combine(options.DataDirectory, "keys.json");
        if (!File.Exists(keyFile))
        {
            KeyFile.Write(keyFile, KeyRing.Generate());
        }
        var ring = KeyFile.Read(keyFile);

        var central = CentralApp.Build([], builder => builder.Configuration.AddInMemoryCollection(CentralSettings(options, keyFile)));
        await central.StartAsync(ct);
        var system = new LocalSystem(options, central, SyntheticRoster.Generate(options.StudentCount, options.Seed));
        try
        {
            await system.EnrollAsync(ring, ct);
            foreach (var readerId in options.ReaderIds)
            {
                await system.AddReaderAsync(readerId, ring, ct);
            }
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string?> CentralSettings(LocalSystemOptions options, string keyFile)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Central:DataDirectory"] = Path.Combine(options.DataDirectory, "central"),
            ["Central:KeyFile"] = keyFile,
            ["Grpc:Port"] = "0",
            ["Admin:Port"] = "0",
            ["Mqtt:Mode"] = "Embedded",
            ["Mqtt:Port"] = "0",
            ["Serilog:MinimumLevel:Default"] = options.LogLevel,
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] central: {Message:lj}{NewLine}{Exception}",
        };
        foreach (var (key, value) in DemoSchool.AccessSettings)
        {
            settings[key] = value;
        }
        foreach (var (key, value) in options.CentralSettings)
        {
            settings[key] = value;
        }
        return settings;
    }

    private async Task EnrollAsync(KeyRing ring, CancellationToken ct)
    {
        var enrollment = Central.Services.GetRequiredService<EnrollmentService>();
        var now = Central.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var db = await Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync(ct);
        if (!await db.Entitlements.AnyAsync(ct))
        {
            await enrollment.EnrollManyAsync(SyntheticEnrollment.Enrollees(Students, ring.Site, now), ct);
        }
    }

    /// <summary>Registers a reader with Central, starts its simulated board and its agent.</summary>
    public async Task<ReaderRig> AddReaderAsync(string readerId, KeyRing ring, CancellationToken ct = default)
    {
        var type = ReaderTypes.Parse(readerId.Split('-')[0]);
        var registry = Central.Services.GetRequiredService<ReaderRegistry>();
        var secret = await registry.RegisterAsync(readerId, type, ct);
        var directory = Path.Combine(Options.DataDirectory, "readers", readerId);
        Directory.CreateDirectory(directory);
        KeyFile.Write(Path.Combine(directory, "keys.json"), ring.ForReader(type));

        var link = Path.Combine(Options.DataDirectory, "dev", readerId);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var board = SimulatedBoard.StartOnPseudoTerminal(link, readerId, Options.Console);
        var rig = new ReaderRig { ReaderId = readerId, Type = type, Secret = secret, DataDirectory = directory, Board = board };
        Readers.Add(rig);
        await StartAgentAsync(rig, ct);
        return rig;
    }

    /// <summary>Starts (or restarts) a reader's agent from its files.</summary>
    public async Task StartAgentAsync(ReaderRig rig, CancellationToken ct = default)
    {
        var endpoints = Central.Services.GetRequiredService<CentralEndpoints>();
        var settings = new Dictionary<string, string?>
        {
            ["Edge:ReaderId"] = rig.ReaderId,
            ["Edge:ReaderType"] = rig.Type.Name(),
            ["Edge:ReaderSecret"] = rig.Secret,
            ["Edge:Direction"] = rig.Type == ReaderType.Gate ? "In" : "None",
            ["Edge:Site"] = rig.Type == ReaderType.Bus ? null : SyntheticEnrollment.Site,
            ["Edge:Zone"] = rig.Type == ReaderType.Gate ? DemoSchool.GateZone : null,
            ["Edge:Route"] = rig.Type == ReaderType.Bus ? SyntheticEnrollment.Route : null,
            ["Edge:CentralUrl"] = endpoints.GrpcUrl,
            ["Edge:MqttHost"] = endpoints.MqttHost,
            ["Edge:MqttPort"] = endpoints.MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Edge:DataDirectory"] = rig.DataDirectory,
            ["Edge:KeyFile"] = Path.Combine(rig.DataDirectory, "keys.json"),
            ["Edge:HeartbeatSeconds"] = "5",
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = rig.Board.DevicePath,
            ["Serilog:MinimumLevel:Default"] = Options.LogLevel,
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:System"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] {ReaderId}: {Message:lj}{NewLine}{Exception}",
        };
        foreach (var (key, value) in Options.AgentSettings)
        {
            settings[key] = value;
        }
        rig.Agent = EdgeAgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await rig.Agent.StartAsync(ct);
        await WaitForAllowListAsync(rig, ct);
    }

    /// <summary>Waits until the agent holds an allow-list, so the first scripted taps are decided against it.</summary>
    private static async Task WaitForAllowListAsync(ReaderRig rig, CancellationToken ct)
    {
        var allowList = rig.AgentService<Edge.AllowList.LocalAllowList>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (allowList.Current.Version == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Stops a reader's agent (cleanly), leaving its files for a restart.</summary>
    public async Task StopAgentAsync(ReaderRig rig)
    {
        if (rig.Agent is { } agent)
        {
            rig.Agent = null;
            await agent.StopAsync(TimeSpan.FromSeconds(10));
            agent.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var rig in Readers)
        {
            await StopAgentAsync(rig);
            await rig.Board.DisposeAsync();
        }
        await Central.StopAsync(TimeSpan.FromSeconds(10));
        await Central.DisposeAsync();
    }
}
