using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>Read keys diversified (AN10922) from one read-key master: per card from its UID; the shared UID key from no UID.</summary>
public sealed class DiversifiedReadKeySource(CardKey master) : ICardReadKeySource
{
    private readonly CardKeyDiversifier _diversifier = StudentCardApplication.Diversifier(master);

    public CardKey UidKey => _diversifier.Diversify(ReadOnlySpan<byte>.Empty);

    public CardKey ReadKeyFor(CardUid realUid) => _diversifier.Diversify(realUid);

    public override string ToString() => "DiversifiedReadKeySource(redacted)";
}
