using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>
/// Authenticates StudentCard's application with keys held in software: the shared UID key reveals the real UID
/// (a random-UID card shows another at each activation), then the card must prove the read key diversified from
/// that UID and give the same UID again under that session. A clone or a card with a wrong key fails the second step.
/// </summary>
public sealed class DiversifiedKeyCardAuthenticator(ICardReadKeySource keys) : ICardAuthenticator
{
    public async Task<CardAuthentication> AuthenticateAsync(DesfireExchange card, CancellationToken ct)
    {
        using var client = new DesfireClient(card);
        try
        {
            await client.SelectApplicationAsync(StudentCardApplication.Aid, ct).ConfigureAwait(false);
            await client.AuthenticateAesAsync(StudentCardApplication.UidKeyNo, keys.UidKey, ct).ConfigureAwait(false);
            var claimed = await client.GetCardUidAsync(ct).ConfigureAwait(false);

            await client.AuthenticateAesAsync(StudentCardApplication.ReadKeyNo, keys.ReadKeyFor(claimed), ct).ConfigureAwait(false);
            var proven = await client.GetCardUidAsync(ct).ConfigureAwait(false);
            return proven.SameAs(claimed) ? CardAuthentication.Genuine(proven) : CardAuthentication.NotGenuine;
        }
        catch (DesfireCardLostException)
        {
            return CardAuthentication.Missed;
        }
        catch (DesfireException)
        {
            // An authentication failure, or a card without StudentCard's application: it holds no key of ours.
            return CardAuthentication.NotGenuine;
        }
    }
}
