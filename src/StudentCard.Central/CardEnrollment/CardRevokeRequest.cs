using StudentCard.Central.Vault;

namespace StudentCard.Central.CardEnrollment;

/// <summary>Where the admin API takes a card revocation, for Central's endpoint and the "cards revoke" command line alike.</summary>
public static class CardRoutes
{
    public const string Revoke = "/api/cards/revoke";
}

/// <summary>A card revocation: the pupil's student number, the card (optional when the pupil has one issued card), lost or revoked, and why.</summary>
public sealed record CardRevokeRequest(string? Student, long? Card, string? Status, string? Reason)
{
    public static bool TryStatus(string? word, out CardStatus status)
    {
        status = word?.Trim().ToLowerInvariant() switch
        {
            "lost" => CardStatus.Lost,
            "revoked" => CardStatus.Revoked,
            _ => CardStatus.Issued,
        };
        return status != CardStatus.Issued;
    }

    public static string Word(CardStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The card revoked and its new status.</summary>
public sealed record CardRevokeResponse(long Card, string Status);
