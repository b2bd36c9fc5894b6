namespace StudentCard.FirmwareSim;

/// <summary>The card models the simulated field can hold; the command line and tap scripts name them in lower case.</summary>
public enum CardType
{
    /// <summary>MIFARE Classic 1K (SAK 08).</summary>
    Classic,

    /// <summary>NTAG213 (SAK 00), 7-byte UID.</summary>
    Ntag,

    /// <summary>MIFARE DESFire EV1 4K (SAK 20, ISO 14443-4), 7-byte UID.</summary>
    Desfire,
}
