using StudentCard.Core.Identifiers;

namespace StudentCard.Core.Messaging;

/// <summary>
/// The MQTT topic tree under studentcard/v1/. A reader publishes only under its own id and
/// subscribes only to its own id's and its own purpose's topics.
/// </summary>
public static class MqttTopics
{
    public const string Root = "studentcard/v1";

    public static string Passages(ReaderType type, string readerId) => $"{Root}/{type.Name()}/readers/{readerId}/passages";

    public static string Acks(ReaderType type, string readerId) => $"{Root}/{type.Name()}/readers/{readerId}/acks";

    public static string Status(ReaderType type, string readerId) => $"{Root}/{type.Name()}/readers/{readerId}/status";

    public static string AllowList(ReaderType type) => $"{Root}/{type.Name()}/allowlist";

    /// <summary>
    /// Not a broker topic: the name allow-list pages (sent over gRPC) are signed for, so a page of one purpose's list
    /// never passes for another's.
    /// </summary>
    public static string AllowListPages(ReaderType type) => $"{Root}/{type.Name()}/allowlist/pages";

    public static string Commands(ReaderType type) => $"{Root}/{type.Name()}/commands";

    /// <summary>One site's safety mode (lockdown, evacuation), retained; only gate readers subscribe.</summary>
    public static string SiteMode(string site) => $"{Root}/{ReaderType.Gate.Name()}/sitemodes/{site}";

    /// <summary>The filter a gate reader subscribes with: every site's mode (its own site's is the one it applies).</summary>
    public const string AllSiteModes = Root + "/gate/sitemodes/+";

    /// <summary>Passages let through at a gate zone's readers, relayed by Central to the zone's readers for anti-passback.</summary>
    public static string ZonePassages(string site, string zone) => $"{Root}/{ReaderType.Gate.Name()}/zones/{site}/{zone}/passages";

    /// <summary>Every zone's relay topic: a filter no reader may subscribe to (a gate reader reads its own zone's only).</summary>
    public const string AllZonePassages = Root + "/gate/zones/+/+/passages";

    public const string AllPassages = Root + "/+/readers/+/passages";

    public const string AllStatus = Root + "/+/readers/+/status";

    /// <summary>Splits a reader topic into its purpose, reader id and kind ("passages", "acks", "status").</summary>
    public static bool TryParseReaderTopic(string topic, out ReaderType type, out string readerId, out string kind)
    {
        type = default;
        readerId = "";
        kind = "";
        var parts = topic.Split('/');
        if (parts.Length != 6 || $"{parts[0]}/{parts[1]}" != Root || parts[3] != "readers"
            || !ReaderTypes.TryParse(parts[2], out type) || !Identifier.IsValid(parts[4]))
        {
            return false;
        }
        readerId = parts[4];
        kind = parts[5];
        return true;
    }
}
