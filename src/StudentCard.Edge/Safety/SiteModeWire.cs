using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Edge.Safety;

/// <summary>Reads a site mode message into a <see cref="SiteMode"/>, refusing anything not exactly as Central writes it.</summary>
public static class SiteModeWire
{
    /// <summary>The mode in a payload; a <see cref="MalformedMessageException"/> says what is wrong, without echoing identifiers.</summary>
    public static SiteMode Parse(ReadOnlySpan<byte> payload)
    {
        var message = MessageJson.Deserialize<SiteModeMessage>(payload);
        if (message.Site is null || !Identifier.IsValid(message.Site))
        {
            throw new MalformedMessageException("The site mode names no valid site.");
        }
        if (!SafetyModeWords.TryParse(message.Mode, out var mode))
        {
            throw new MalformedMessageException("The site mode's mode is not normal, lockdown or evacuation.");
        }
        if (message.Sequence <= 0)
        {
            throw new MalformedMessageException("The site mode's sequence is not positive.");
        }
        var overrides = message.Override ?? [];
        if (overrides.Any(p => !PurposePseudonym.IsWellFormed(p)))
        {
            throw new MalformedMessageException("The site mode's override list holds something other than gate pseudonyms.");
        }
        return new SiteMode(message.Site, mode, overrides.ToHashSet(StringComparer.Ordinal), message.Sequence, message.IssuedAt);
    }

    /// <summary>The site a site-mode topic is about (its last level), or null for any other topic.</summary>
    public static string? SiteOf(string topic)
    {
        var prefix = MqttTopics.SiteMode("");
        return topic.StartsWith(prefix, StringComparison.Ordinal) ? topic[prefix.Length..] : null;
    }
}
