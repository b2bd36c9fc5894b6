namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>The three ways a reader authenticates: Authenticate (0x0A), AuthenticateISO (0x1A), AuthenticateAES (0xAA).</summary>
internal enum AuthenticationKind
{
    /// <summary>DESFire native (D40) with a DES or 2K3DES key; native secure messaging follows.</summary>
    Native,

    /// <summary>EV1 with a DES, 2K3DES or 3K3DES key; EV1 secure messaging follows.</summary>
    Iso,

    /// <summary>EV1 with an AES key.</summary>
    Aes,
}
