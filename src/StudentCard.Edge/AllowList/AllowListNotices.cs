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
    private readonly ILogger<AllowListNotices> _logger;

    public AllowListNotices(AllowListSync sync, LinkState state, IOptions<EdgeOptions> options, ILogger<AllowListNotices> logger)
    {
        _sync = sync;
        _logger = logger;
        TopicFilters = [MqttTopics.AllowList(options.Value.Type)];
        state.ConnectionOpened += sync.CheckNow;
    }

    public IReadOnlyList<string> TopicFilters { get; }

    public void Receive(string topic, ReadOnlySpan<byte> payload)
    {
        try
        {
            _sync.Notice(MessageJson.Deserialize<AllowListNotice>(payload).Version);
        }
        catch (MalformedMessageException error)
        {
            _logger.LogWarning("Ignored a malformed message on {Topic}: {Error}", topic, error.Message);
        }
    }
}
