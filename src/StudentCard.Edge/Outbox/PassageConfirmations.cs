using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Outbox;

/// <summary>
/// Receives Central's confirmations on this reader's acks topic and forgets the confirmed passages: Central sends one
/// only once the passages are committed, so this is the only way a passage leaves the outbox. A confirmation is Central's
/// only when its signature is (<see cref="CommandVerifier"/>): a forged one would make the agent forget passages Central
/// never stored. A replayed one is harmless, since the passages it names are gone already.
/// </summary>
public sealed class PassageConfirmations(
    PassageOutbox outbox,
    OutboxSignal signal,
    OutboxAlarm alarm,
    LinkState state,
    CommandVerifier commands,
    IOptions<EdgeOptions> options,
    ILogger<PassageConfirmations> logger) : ILinkSubscriber
{
    public IReadOnlyList<string> TopicFilters { get; } = [MqttTopics.Acks(options.Value.Type, options.Value.ReaderId)];

    public void Receive(string topic, ReadOnlySpan<byte> payload)
    {
        if (!commands.TryOpen(topic, payload, out var command))
        {
            return;
        }
        PassageAck ack;
        try
        {
            ack = MessageJson.Deserialize<PassageAck>(command.Payload);
        }
        catch (MalformedMessageException error)
        {
            logger.LogWarning("Ignored a malformed message on {Topic}: {Error}", topic, error.Message);
            return;
        }
        var removed = outbox.Confirm(ack.Ids);
        state.AddConfirmed(removed);
        alarm.Check(outbox.Count);
        signal.Poke();
    }
}
