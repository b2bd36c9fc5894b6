namespace StudentCard.Core.Identifiers;

/// <summary>
/// The raw UID a card answers with (4, 7 or 10 bytes). It exists only in the edge agent's
/// memory: it has no ToString, no serializer and is never logged.
/// </summary>
public sealed class CardUid
{
    private readonly byte[] _bytes;

    public CardUid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is not (4 or 7 or 10))
        {
            throw new ArgumentException("A card UID is 4, 7 or 10 bytes long.", nameof(bytes));
        }
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public int Length => _bytes.Length;

    public bool SameAs(CardUid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <summary>Never prints the UID, whatever code path formats it.</summary>
    public override string ToString() => "CardUid(redacted)";
}
