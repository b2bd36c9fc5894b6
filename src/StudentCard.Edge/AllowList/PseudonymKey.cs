using System.Globalization;

namespace StudentCard.Edge.AllowList;

/// <summary>A pseudonym's 128 bits as a number: a compact dictionary key for large allow-lists.</summary>
internal static class PseudonymKey
{
    public static UInt128 Parse(string hex) =>
        UInt128.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    public static bool TryParse(string hex, out UInt128 key) =>
        UInt128.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key);

    public static string Format(UInt128 key) => key.ToString("x32", CultureInfo.InvariantCulture);
}
