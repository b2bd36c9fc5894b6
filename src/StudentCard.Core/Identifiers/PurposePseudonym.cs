namespace StudentCard.Core.Identifiers;

/// <summary>
/// HMAC(K_purpose, card token), truncated to 128 bits and written as 32 lowercase hex
/// characters: the only identifier a purpose's data may hold.
/// </summary>
public readonly record struct PurposePseudonym(ReaderType Purpose, int KeyVersion, string Value)
{
    public const int Length = 32;

    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public override string ToString() => Value;
}
