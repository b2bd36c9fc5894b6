namespace StudentCard.FirmwareSim.Tests.Support;

/// <summary>Collects what the chip sends to the host.</summary>
internal sealed class CapturedOutput : IChipOutput
{
    private readonly List<byte> _bytes = [];

    public void Write(ReadOnlySpan<byte> bytes)
    {
        lock (_bytes)
        {
            _bytes.AddRange(bytes);
        }
    }

    /// <summary>Everything sent since the last call, as "00-00-FF-...".</summary>
    public string TakeHex()
    {
        lock (_bytes)
        {
            var hex = Convert.ToHexString(_bytes.ToArray());
            _bytes.Clear();
            return Hex.Dashed(hex);
        }
    }
}
