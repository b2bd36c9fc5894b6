namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>One stored key. DES-family keys carry their version in the parity bits of the first 8 bytes; AES keys beside the key.</summary>
internal sealed record DesfireKey(DesfireKeyType Type, byte[] Value, byte AesVersion)
{
    public static int LengthOf(DesfireKeyType type) => type == DesfireKeyType.ThreeKeyTdes ? 24 : 16;

    /// <summary>The factory key of a type: all zeros, version 0.</summary>
    public static DesfireKey Zero(DesfireKeyType type) => new(type, new byte[LengthOf(type)], 0);

    public byte Version
    {
        get
        {
            if (Type == DesfireKeyType.Aes)
            {
                return AesVersion;
            }

            var version = 0;
            for (var i = 0; i < 8; i++)
            {
                version = (version << 1) | (Value[i] & 1);
            }

            return (byte)version;
        }
    }

    public int BlockSize => Type == DesfireKeyType.Aes ? 16 : 8;

    public IBlockCipher Cipher() => Type == DesfireKeyType.Aes ? new AesBlockCipher(Value) : new TdesBlockCipher(Value);
}
