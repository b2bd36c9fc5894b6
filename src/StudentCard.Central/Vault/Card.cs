namespace StudentCard.Central.Vault;

/// <summary>A card issued to a student, known by its card token (never by its UID).</summary>
public sealed class Card
{
    public long Id { get; set; }

    public long StudentId { get; set; }

    public required string CardToken { get; set; }

    public CardStatus Status { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>Whether a card still opens anything.</summary>
public enum CardStatus
{
    Issued,
    Revoked,
    Lost,
}
