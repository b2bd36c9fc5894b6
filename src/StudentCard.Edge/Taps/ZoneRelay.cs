using Microsoft.Extensions.Options;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Passages;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Taps;

/// <summary>
/// Feeds this gate's zone memory with the passages Central relays from the zone's other readers, so an exit at the
/// out-reader counts at the in-reader. Only gate readers with a site and a zone take part, and only relays Central signed
/// for this zone's topic count. A replayed relay adds nothing (the memory keeps the newer passage); one signed longer ago
/// than the memory keeps passages is refused as stale.
/// </summary>
public sealed class ZoneRelay : ILinkSubscriber
{
    private readonly ZoneMemory _memory;
    private readonly CommandVerifier _commands;
    private readonly TimeProvider _time;
    private readonly ILogger<ZoneRelay> _logger;

    public ZoneRelay(ZoneMemory memory, CommandVerifier commands, TimeProvider time, IOptions<EdgeOptions> options, ILogger<ZoneRelay> logger)
    {
        _memory = memory;
        _commands = commands;
        _time = time;
        _logger = logger;
        var edge = options.Value;
        TopicFilters = edge.Type == Core.ReaderType.Gate && Identifier.IsValid(edge.Site) && Identifier.IsValid(edge.Zone)
            ? [MqttTopics.ZonePassages(edge.Site!, edge.Zone!)]
            : [];
    }

    public IReadOnlyList<string> TopicFilters { get; }

    public void Receive(string topic, ReadOnlySpan<byte> payload)
    {
        if (!_commands.TryOpen(topic, payload, out var command))
        {
            return;
        }
        if (command.IssuedAt < _time.GetUtcNow() - ZoneMemory.Horizon)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a stale zone relay on {Topic} signed at {IssuedAt}", topic, command.IssuedAt);
            return;
        }
        ZonePassages relayed;
        try
        {
            relayed = MessageJson.Deserialize<ZonePassages>(command.Payload);
        }
        catch (MalformedMessageException e)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a malformed zone relay on {Topic}: {Error}", topic, e.Message);
            return;
        }
        foreach (var passage in relayed.Passages ?? [])
        {
            if (passage is null || !PurposePseudonym.IsWellFormed(passage.Pseudonym)
                || !Enum.TryParse<Direction>(passage.Direction, ignoreCase: true, out var direction) || direction == Direction.None)
            {
                _logger.LogWarning("Ignored a malformed relayed passage on {Topic}", topic);
                continue;
            }
            _memory.Record(passage.Pseudonym, new RecentPassage(direction, passage.At));
        }
    }
}
