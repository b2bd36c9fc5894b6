namespace StudentCard.Core.Identifiers;

/// <summary>
/// HMAC(K_site, UID), truncated: the card's identity between the edge and the identity
/// vault. Never stored in a purpose store, never logged.
/// </summary>
public sealed record CardToken(string Value)
{
    public override string ToString() => "CardToken(redacted)";
}
