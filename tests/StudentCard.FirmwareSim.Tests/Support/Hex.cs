namespace StudentCard.FirmwareSim.Tests.Support;

internal static class Hex
{
    public static byte[] Bytes(string text) =>
        Convert.FromHexString(text.Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Dashed(string hex) =>
        string.Join('-', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));

    public static string Dashed(byte[] bytes) => Dashed(Convert.ToHexString(bytes));
}
