using System.Diagnostics.CodeAnalysis;
using StudentCard.Core.Messaging;

namespace StudentCard.Edge.Link;

/// <summary>
/// Opens Central's signed commands for the link's subscribers with the pinned key (<see cref="CommandKeyPin"/>): anything
/// unsigned, signed with another key, tampered with, signed for another topic or dated ahead of this clock is refused.
/// Every refusal, here or by a subscriber (a replayed or implausible command), is counted; those refused here are logged at
/// Warning with the topic and the reason only.
/// </summary>
public sealed class CommandVerifier(CommandKeyPin pin, TimeProvider time, ILogger<CommandVerifier> logger)
{
    private long _refused;

    /// <summary>How many commands were refused since the agent started.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool TryOpen(string topic, ReadOnlySpan<byte> envelope, [NotNullWhen(true)] out SignedCommand? command)
    {
        command = null;
        var refusal = pin.Key is { } key ? key.Open(topic, envelope, time.GetUtcNow(), out command) : CommandRefusal.UnknownKey;
        if (refusal == CommandRefusal.None && command is not null)
        {
            return true;
        }
        CountRefusal();
        logger.LogWarning("Refused a command on {Topic}: {Refusal}", topic, refusal);
        return false;
    }

    /// <summary>Counts a command a subscriber refused after it was opened (it logs why).</summary>
    public void CountRefusal() => Interlocked.Increment(ref _refused);
}
