namespace StudentCard.Edge.Reader;

/// <summary>
/// Proves that the DESFire card in the field is one StudentCard issued, and reads its real UID. The agent's own
/// implementation holds the read key's master in software (<see cref="DiversifiedKeyCardAuthenticator"/>); a
/// secure access module would implement this seam with the keys inside the module.
/// </summary>
public interface ICardAuthenticator
{
    Task<CardAuthentication> AuthenticateAsync(DesfireExchange card, CancellationToken ct);
}
