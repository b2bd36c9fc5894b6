namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>The checksums DESFire puts inside enciphered data: CRC32 (EV1) and ISO 14443-A CRC16 (native D40 mode), LSB first.</summary>
internal static class DesfireCrc
{
    /// <summary>IEEE 802.3 CRC32, reflected, preset 0xFFFFFFFF and no final complement.</summary>
    public static byte[] Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return [(byte)crc, (byte)(crc >> 8), (byte)(crc >> 16), (byte)(crc >> 24)];
    }

    /// <summary>CRC_A of ISO/IEC 14443-3: reflected polynomial 0x8408, preset 0x6363.</summary>
    public static byte[] Crc16(ReadOnlySpan<byte> data)
    {
        var crc = 0x6363;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
            }
        }

        return [(byte)crc, (byte)(crc >> 8)];
    }
}
