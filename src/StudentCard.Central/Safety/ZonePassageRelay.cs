using Microsoft.Extensions.Logging;
using StudentCard.Central.Messaging;
using StudentCard.Central.Passages;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// Relays gate passages let through, once stored, to the readers of the same zone: an entry at the in-reader and the
/// exit at the out-reader are different agents, and anti-passback at either needs both. Only the gate pseudonym, its
/// direction and time travel, and only to the gate readers of that zone (broker ACL). Offline readers miss relays; they
/// then know only their own passages, which can only make anti-passback more lenient, never lock anyone out wrongly
/// for long (the reset still applies).
/// </summary>
public sealed class ZonePassageRelay(IMqttPublisher mqtt, ILogger<ZonePassageRelay> logger) : IStoredPassagesObserver
{
    private static readonly string Allow = PassageWords.Of(Decision.Allow);

    public async Task OnStoredAsync(IReadOnlyList<StoredPassage> passages, CancellationToken cancellationToken)
    {
        var byZone = passages
            .Where(p => p.Purpose == ReaderType.Gate && p.Passage.Decision == Allow && p.Passage.Direction is "in" or "out")
            .Select(p => (p.Passage, Place: ReaderPlace.Parse(ReaderType.Gate, p.Passage.Place)))
            .Where(p => p.Place is not null)
            .GroupBy(p => p.Place!);
        foreach (var zone in byZone)
        {
            var message = new ZonePassages(zone.Select(p => new ZonePassage(p.Passage.Pseudonym, p.Passage.Direction, p.Passage.OccurredAt)).ToList());
            if (!await mqtt.PublishAsync(new OutboundMessage(MqttTopics.ZonePassages(zone.Key.Site!, zone.Key.Zone!), MessageJson.Serialize(message)), cancellationToken))
            {
                logger.LogDebug("Could not relay {Count} passages to zone {Zone} now; its readers decide from their own", message.Passages.Count, zone.Key.Name);
            }
        }
    }
}
