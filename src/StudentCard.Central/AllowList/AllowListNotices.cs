using Microsoft.Extensions.Logging;
using StudentCard.Central.Messaging;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Tells a purpose's readers (retained, QoS 1) that a newer allow-list version exists, once it is committed; the online
/// check hears of it first, so it answers from that version at once.
/// </summary>
public sealed class AllowListNotices(IMqttPublisher mqtt, EntitlementIndex index, ILogger<AllowListNotices> logger)
{
    public static OutboundMessage Notice(ReaderType purpose, long version) =>
        new(MqttTopics.AllowList(purpose), MessageJson.Serialize(new AllowListNotice(version)), Retain: true);

    public async Task PublishAsync(IReadOnlyDictionary<ReaderType, long> versions, CancellationToken cancellationToken)
    {
        foreach (var (purpose, version) in versions)
        {
            index.Committed(purpose, version);
            if (await mqtt.PublishAsync(Notice(purpose, version), cancellationToken))
            {
                logger.LogInformation("Announced {Purpose} allow-list version {Version}", purpose.Name(), version);
            }
            else
            {
                // Not lost: the republisher repeats every current version when the client reconnects.
                logger.LogWarning("Could not announce {Purpose} allow-list version {Version} now; it is sent on reconnect", purpose.Name(), version);
            }
        }
    }
}
