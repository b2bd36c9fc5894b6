using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StudentCard.Core;
using StudentCard.Core.Rules;

namespace StudentCard.Local;

/// <summary>
/// The one place that turns a local system's options into Central's and an agent's settings (the keys
/// their appsettings.json, environment or a provisioned edge.json would otherwise carry).
/// </summary>
public static class LocalSettings
{
    public const string MqttServiceUser = "studentcard-central";

    /// <summary>Central on loopback over the system's folder; port 0 picks free ports at the first start, a restart passes the ones it got.</summary>
    public static Dictionary<string, string?> Central(LocalSystemOptions options, string keyFile, int grpcPort, int mqttPort, MosquittoBroker? mosquitto, string mqttServicePassword)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Central:DataDirectory"] = Path.Combine(options.DataDirectory, "central"),
            ["Central:KeyFile"] = keyFile,
            ["Grpc:Port"] = Text(grpcPort),
            ["Grpc:BindAddress"] = "127.0.0.1",
            ["Admin:Port"] = "0",
            ["Mqtt:Host"] = "127.0.0.1",
            ["Serilog:MinimumLevel:Default"] = options.LogLevel,
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] central: {Message:lj}{NewLine}{Exception}",
        };
        if (mosquitto is not null)
        {
            // Central writes Mosquitto's password and ACL files and signals it to reload them, as deployed.
            settings["Mqtt:Mode"] = "External";
            settings["Mqtt:Port"] = Text(mosquitto.Port);
            settings["Mqtt:ServiceUsername"] = MqttServiceUser;
            settings["Mqtt:ServicePassword"] = mqttServicePassword;
            settings["Mqtt:MosquittoAuthDirectory"] = mosquitto.AuthDirectory;
            settings["Mqtt:MosquittoPidFile"] = mosquitto.PidFile;
        }
        else
        {
            settings["Mqtt:Mode"] = "Embedded";
            settings["Mqtt:Port"] = Text(mqttPort);
        }
        Overlay(settings, options.AccessSettings);
        Overlay(settings, options.CentralSettings);
        return settings;
    }

    /// <summary>The place a reader of this type is registered at: the one <see cref="Agent"/> gives its agent (a gate's only with a zone).</summary>
    public static string? Place(LocalSystemOptions options, ReaderType type) =>
        new ReaderPlace(type, Site: options.Site, Zone: options.GateZone, Route: options.Route).Name;

    /// <summary>An agent of a registered reader, reading cards from <paramref name="readerPort"/> (a serial device, or a name the scenario's own reader ignores).</summary>
    public static Dictionary<string, string?> Agent(LocalSystemOptions options, LocalReader reader, string centralUrl, string mqttHost, int mqttPort, string readerPort)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Edge:ReaderId"] = reader.ReaderId,
            ["Edge:ReaderType"] = reader.Type.Name(),
            ["Edge:ReaderSecret"] = reader.Secret,
            ["Edge:Direction"] = reader.Type == ReaderType.Gate ? "In" : "None",
            ["Edge:Site"] = reader.Type == ReaderType.Bus ? null : options.Site,
            ["Edge:Zone"] = reader.Type == ReaderType.Gate ? options.GateZone : null,
            ["Edge:Route"] = reader.Type == ReaderType.Bus ? (options.Routes.TryGetValue(reader.ReaderId, out var route) ? route : options.Route) : null,
            ["Edge:CentralUrl"] = centralUrl,
            ["Edge:MqttHost"] = mqttHost,
            ["Edge:MqttPort"] = Text(mqttPort),
            ["Edge:DataDirectory"] = reader.DataDirectory,
            ["Edge:KeyFile"] = reader.KeyFile,
            ["Edge:HeartbeatSeconds"] = "5",
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = readerPort,
            ["Serilog:MinimumLevel:Default"] = options.LogLevel,
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:System"] = "Warning",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] {ReaderId}: {Message:lj}{NewLine}{Exception}",
        };
        Overlay(settings, options.AgentSettings);
        return settings;
    }

    /// <summary>An agent in enrollment mode at a registered desk, reading cards from <paramref name="readerPort"/>; the staff command reads the same settings.</summary>
    public static Dictionary<string, string?> Desk(LocalSystemOptions options, LocalDesk desk, string centralUrl, string readerPort)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Edge:Mode"] = "Enrollment",
            ["Desk:DeskId"] = desk.DeskId,
            ["Desk:DeskSecret"] = desk.Secret,
            ["Desk:CentralUrl"] = centralUrl,
            ["Desk:KeyFile"] = desk.KeyFile,
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = readerPort,
            ["Serilog:MinimumLevel:Default"] = options.LogLevel,
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Warning",
            ["Serilog:MinimumLevel:Override:System"] = "Warning",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Warning",
            ["Serilog:WriteTo:0:Name"] = "Console",
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss} {Level:u3}] {ReaderId}: {Message:lj}{NewLine}{Exception}",
        };
        return settings;
    }

    /// <summary>Writes settings as the JSON file an agent process reads with "--settings FILE"; readable by its owner only, since it holds the reader's secret.</summary>
    public static void WriteFile(string path, IReadOnlyDictionary<string, string?> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings.Where(s => s.Value is not null))
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            }
            node[parts[^1]] = value;
        }
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnlyModes.File);
        }
    }

    public static void Overlay(IDictionary<string, string?> settings, IEnumerable<KeyValuePair<string, string?>> extra)
    {
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
