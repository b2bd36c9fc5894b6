using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// The allow-list's part of the link: Central's change notices for this reader's purpose, and a version check on every
/// (re)connection, because notices published while this reader was away may be gone (a restarted broker, an expired session).
/// </summary>
public sealed class AllowListNotices : ILinkSubscriber
{
    private readonly AllowListSync _sync;
    private readonly CommandVerifier _commands;
    private readonly ILogger<AllowListNotices> _logger;

    public AllowListNotices(AllowListSync sync, LinkState state, CommandVerifier commands, IOptions<EdgeOptions> options, ILogger<AllowListNotices> logger)
    {
        _sync = sync;
        _commands = commands;
        _logger = logger;
        TopicFilters = [MqttTopics.AllowList(options.Value.Type)];
        state.ConnectionOpened += sync.CheckNow;
    }

    public IReadOnlyList<string> TopicFilters { get; }

    /// <summary>
    /// Only a notice Central signed counts; a replayed older one is harmless (a version not newer than the one held fetches
    /// nothing) and the list itself comes over the reader's authenticated gRPC call, never over MQTT.
    /// </summary>
    public void Receive(string topic, ReadOnlySpan<byte> payload)
    {
        if (!_commands.TryOpen(topic, payload, out var command))
        {
            return;
        }
        try
        {
            _sync.Notice(MessageJson.Deserialize<AllowListNotice>(command.Payload).Version);
        }
        catch (MalformedMessageException error)
        {
            _commands.CountRefusal();
            _logger.LogWarning("Ignored a malformed message on {Topic}: {Error}", topic, error.Message);
        }
    }
}
