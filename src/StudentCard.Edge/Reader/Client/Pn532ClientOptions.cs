namespace StudentCard.Edge.Reader;

/// <summary>Timing and retry limits of one PN532 command exchange.</summary>
public sealed record Pn532ClientOptions
{
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a started frame may pause before it counts as truncated (and is NACKed).</summary>
    public TimeSpan TruncationTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a command is sent when no ACK comes back.</summary>
    public int CommandAttempts { get; init; } = 3;

    /// <summary>How many NACKs the host sends for corrupted responses before giving up.</summary>
    public int MaxNacks { get; init; } = 3;
}
