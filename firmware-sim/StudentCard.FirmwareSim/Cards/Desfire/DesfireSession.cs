using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>
/// Secure messaging after a successful authentication. EV1 sessions (AuthenticateISO, AuthenticateAES) chain one IV
/// through every command and answer: CMACs over plain traffic, CRC32 inside enciphered data. Native sessions
/// (legacy Authenticate) restart from a zero IV for each message, MAC with 4 bytes of CBC-MAC and put a CRC16 inside.
/// </summary>
internal sealed class DesfireSession
{
    private const int Ev1MacLength = 8;
    private const int NativeMacLength = 4;

    private readonly IBlockCipher _cipher;
    private byte[] _iv;

    public DesfireSession(byte keyNo, bool ev1, IBlockCipher cipher)
    {
        KeyNo = keyNo;
        Ev1 = ev1;
        _cipher = cipher;
        _iv = new byte[cipher.BlockSize];
    }

    /// <summary>The key number the session was opened with, in the application selected then.</summary>
    public byte KeyNo { get; }

    public bool Ev1 { get; }

    public int BlockSize => _cipher.BlockSize;

    public int MacLength => Ev1 ? Ev1MacLength : NativeMacLength;

    public int CrcLength => Ev1 ? 4 : 2;

    /// <summary>Length of an enciphered field carrying <paramref name="plainLength"/> bytes and its CRC, zero-padded to whole blocks.</summary>
    public int CryptogramLength(int plainLength) => Padded(plainLength + CrcLength);

    public int Padded(int length) => (length + BlockSize - 1) / BlockSize * BlockSize;

    /// <summary>A command that travels in plain: an EV1 card takes its CMAC as the next IV.</summary>
    public void CommandInPlain(ReadOnlySpan<byte> command)
    {
        if (Ev1)
        {
            _iv = Cmac.Compute(_cipher, _iv, command);
        }
    }

    /// <summary>Checks the MAC after the data of a MACed command (EV1: CMAC over the whole command; native: over the data).</summary>
    public bool VerifyMac(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        var expected = Ev1 ? Cmac.Compute(_cipher, _iv, [.. header, .. data]) : NativeMac(data);
        if (Ev1)
        {
            _iv = expected;
        }

        return CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, MacLength), mac);
    }

    /// <summary>Deciphers an enciphered field as the reader built it.</summary>
    public byte[] Decipher(ReadOnlySpan<byte> cryptogram) =>
        Ev1 ? Cbc.Decrypt(_cipher, _iv, cryptogram) : Cbc.UndoSendMode(_cipher, cryptogram);

    /// <summary>The CRC a reader puts after <paramref name="data"/> (EV1: CRC32 over the command header too).</summary>
    public byte[] Crc(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data) =>
        Ev1 ? DesfireCrc.Crc32([.. header, .. data]) : DesfireCrc.Crc16(data);

    /// <summary>Deciphers data + CRC + zero padding; null when the length, CRC or padding is wrong.</summary>
    public byte[]? DecipherChecked(ReadOnlySpan<byte> header, ReadOnlySpan<byte> cryptogram, int plainLength)
    {
        if (cryptogram.Length != CryptogramLength(plainLength))
        {
            return null;
        }

        var plain = Decipher(cryptogram);
        var data = plain[..plainLength];
        var crcOk = plain.AsSpan(plainLength, CrcLength).SequenceEqual(Crc(header, data));
        var paddingOk = !plain.AsSpan(plainLength + CrcLength).ContainsAnyExcept((byte)0);
        return crcOk && paddingOk ? data : null;
    }

    /// <summary>A successful answer in plain: EV1 appends 8 bytes of the CMAC over data and status 00.</summary>
    public byte[] PlainAnswer(ReadOnlySpan<byte> data)
    {
        if (!Ev1)
        {
            return data.ToArray();
        }

        _iv = Cmac.Compute(_cipher, _iv, [.. data, DesfireStatus.Ok]);
        return [.. data, .. _iv.AsSpan(0, Ev1MacLength)];
    }

    /// <summary>A successful answer from a MACed file: as plain for EV1; native sessions append a 4-byte CBC-MAC.</summary>
    public byte[] MacedAnswer(ReadOnlySpan<byte> data) =>
        Ev1 ? PlainAnswer(data) : [.. data, .. NativeMac(data).AsSpan(0, NativeMacLength)];

    /// <summary>A successful answer enciphered: data, CRC (EV1: over data and status 00), zero padding.</summary>
    public byte[] EncipheredAnswer(ReadOnlySpan<byte> data)
    {
        var crc = Ev1 ? DesfireCrc.Crc32([.. data, DesfireStatus.Ok]) : DesfireCrc.Crc16(data);
        var plain = new byte[CryptogramLength(data.Length)];
        data.CopyTo(plain);
        crc.CopyTo(plain, data.Length);
        return Ev1 ? Cbc.Encrypt(_cipher, _iv, plain) : Cbc.Encrypt(_cipher, new byte[BlockSize], plain);
    }

    private byte[] NativeMac(ReadOnlySpan<byte> data)
    {
        var padded = new byte[Math.Max(BlockSize, Padded(data.Length))];
        data.CopyTo(padded);
        var iv = new byte[BlockSize];
        Cbc.Encrypt(_cipher, iv, padded);
        return iv;
    }
}
