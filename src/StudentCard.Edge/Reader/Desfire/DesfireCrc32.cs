namespace StudentCard.Edge.Reader;

/// <summary>DESFire EV1's CRC32: IEEE 802.3 polynomial, reflected, preset 0xFFFFFFFF, no final inversion, little-endian.</summary>
internal static class DesfireCrc32
{
    public static byte[] Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return BitConverter.IsLittleEndian ? BitConverter.GetBytes(crc) : BitConverter.GetBytes(crc).Reverse().ToArray();
    }
}
