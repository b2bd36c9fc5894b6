namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>The key families of a DESFire EV1, with the bits that name them in CreateApplication and ChangeKey.</summary>
internal enum DesfireKeyType
{
    /// <summary>DES or 2K3DES: 16 bytes (single DES when both halves are equal).</summary>
    TwoKeyTdes = 0x00,

    /// <summary>3K3DES: 24 bytes.</summary>
    ThreeKeyTdes = 0x40,

    /// <summary>AES-128: 16 bytes and a separate version byte.</summary>
    Aes = 0x80,
}
