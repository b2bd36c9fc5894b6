using System.Text.Json;
using System.Text.Json.Nodes;
using StudentCard.Core;
using StudentCard.Core.Rules;

namespace StudentCard.Central.StartupProvisioning;

/// <summary>
/// An agent's settings file ("Edge" section: who the reader is, its one-time secret, its place, how it reaches
/// Central and where its key file is), the one shape both start-up provisioning and the admin UI hand out, so
/// an agent runs with <c>--settings</c> on either.
/// </summary>
public static class AgentSettings
{
    /// <summary>The Edge's own default key file path, used when the key file is copied to the agent by hand.</summary>
    public const string DefaultKeyFile = "data/edge/keys.json";

    public static JsonObject Build(string readerId, ReaderType type, string secret, string? place, ProvisioningOptions options, string keyFile) => new()
    {
        ["Edge"] = new JsonObject
        {
            ["ReaderId"] = readerId,
            ["ReaderType"] = type.Name(),
            ["ReaderSecret"] = secret,
            ["Direction"] = type == ReaderType.Gate ? "In" : "None",
            ["CentralUrl"] = options.AgentCentralUrl,
            ["MqttHost"] = options.AgentMqttHost,
            ["MqttPort"] = options.AgentMqttPort,
            ["KeyFile"] = keyFile,
            ["Site"] = ReaderPlace.SiteOf(type, place),
            ["Zone"] = ReaderPlace.Parse(type, place)?.Zone,
            ["Route"] = type == ReaderType.Bus ? place : null,
        },
    };

    /// <summary>A reader's place: "site/zone" for a gate, the route for a bus, the site for a library; each name a reader-id-like word.</summary>
    public static bool IsPlace(string place, ReaderType type) => ReaderPlace.Parse(type, place) is not null;

    /// <summary>What a place looks like for this type, for messages.</summary>
    public static string PlaceShape(ReaderType type) => type switch
    {
        ReaderType.Gate => "site/zone (e.g. north/main)",
        ReaderType.Bus => "the route (e.g. r1)",
        _ => "the site (e.g. north)",
    };

    public static byte[] ToUtf8(JsonNode settings) => JsonSerializer.SerializeToUtf8Bytes(settings, Indented);

    /// <summary>Writes the settings readable by their owner only: they hold the reader's secret.</summary>
    public static void WriteOwnerOnly(string path, JsonNode settings)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyModes.File;
        }
        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, settings, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
