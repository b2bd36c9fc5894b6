namespace StudentCard.Central.ReaderAccounts;

/// <summary>A registered reader as stored: its type, its place, the hash of its secret and its last reported health.</summary>
public sealed class ReaderRegistration
{
    public required string Id { get; set; }

    public ReaderType Type { get; set; }

    /// <summary>PBKDF2 hash with its salt and parameters; the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    /// <summary>
    /// Where the reader was registered to stand (<see cref="StudentCard.Core.Rules.ReaderPlace.Name"/>): "site/zone" for a gate,
    /// the first route for a bus, the site for a library; null for readers registered without one. Ingest stores a gate's or
    /// library's passages under this place, whatever the message claims.
    /// </summary>
    public string? Place { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public bool Online { get; set; }

    public int OutboxBacklog { get; set; }

    public long AllowListVersion { get; set; }
}
