namespace StudentCard.Central.ReaderAccounts;

/// <summary>A registered reader as stored: its type, its place, the hash of its secret and its last reported health.</summary>
public sealed class ReaderRegistration
{
    public required string Id { get; set; }

    public ReaderType Type { get; set; }

    /// <summary>Where the reader was registered (see ReaderPlace.Name: "site/zone" at a gate, the route on a bus, the site in a library), or null.</summary>
    public string? Place { get; set; }

    /// <summary>The secret's digest (see ReaderSecretHasher); the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public bool Online { get; set; }

    public int OutboxBacklog { get; set; }

    public long AllowListVersion { get; set; }
}
