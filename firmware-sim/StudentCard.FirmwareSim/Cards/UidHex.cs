namespace StudentCard.FirmwareSim;

/// <summary>Parses UIDs written as hex, with optional ':' or '-' between bytes.</summary>
internal static class UidHex
{
    // Messages never repeat the input: it may be a real card UID.
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length is not (8 or 14))
        {
            throw new FormatException($"A UID is 4 or 7 bytes of hex (8 or 14 digits); got {digits.Length} digits.");
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new FormatException("A UID may contain only hex digits, ':' and '-'.");
            }
        }

        return Convert.FromHexString(digits);
    }
}
