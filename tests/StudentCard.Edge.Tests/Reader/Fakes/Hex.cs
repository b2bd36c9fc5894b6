namespace StudentCard.Edge.Tests.Reader;

/// <summary>Hex strings like "00-00-FF-02" for exact-byte tests.</summary>
internal static class Hex
{
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(hex.Replace("-", string.Empty).Replace(" ", string.Empty));

    public static string Format(ReadOnlySpan<byte> bytes) => BitConverter.ToString(bytes.ToArray());
}
