using StudentCard.Central.Messaging;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>A stored site mode as the retained message its gate readers receive.</summary>
public static class SiteModeMessages
{
    public static OutboundMessage Retained(SiteModeRecord record)
    {
        var overrides = record.Override.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var message = new SiteModeMessage(record.Site, SafetyModeWords.Word(record.Mode), overrides, record.Sequence, record.IssuedAt);
        return new OutboundMessage(MqttTopics.SiteMode(record.Site), MessageJson.Serialize(message), Retain: true);
    }
}
