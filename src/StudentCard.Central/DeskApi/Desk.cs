namespace StudentCard.Central.DeskApi;

/// <summary>A registered enrollment desk: its id and the hash of its secret. A desk has no purpose and no reader type.</summary>
public sealed class Desk
{
    public required string Id { get; set; }

    /// <summary>The secret's digest (the readers' scheme, see ReaderSecretHasher); the secret itself is never stored.</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
