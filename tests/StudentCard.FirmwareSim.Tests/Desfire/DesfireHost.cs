using System.Security.Cryptography;
using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>
/// A reader talking to a DESFire EV1 as NXP's datasheet and libfreefare describe it, written independently of the
/// simulator: authentication, session keys, EV1 CMAC/CRC32 secure messaging, native (legacy) deciphering.
/// </summary>
internal sealed class DesfireHost(Func<byte[], byte[]> card)
{
    private HostCipher? _session;
    private byte[] _iv = [];

    public bool Ev1 { get; private set; }

    public byte[] SessionKey { get; private set; } = [];

    /// <summary>Sends one frame as it is; the answer starts with the status byte.</summary>
    public byte[] Raw(params byte[] command) => card(command);

    public void Forget() => _session = null;

    public byte AuthenticateAes(byte keyNo, byte[] key) => Authenticate(0xAA, keyNo, HostCipher.Aes(key), key, 16);

    public byte AuthenticateIso(byte keyNo, byte[] key) =>
        Authenticate(0x1A, keyNo, HostCipher.Tdes(key), key, key.Length == 24 ? 16 : 8);

    public byte AuthenticateNative(byte keyNo, byte[] key) => Authenticate(0x0A, keyNo, HostCipher.Tdes(key), key, 8);

    /// <summary>A command in plain; the EV1 CMAC on the answer is checked and removed. Fails the test on a status other than 00.</summary>
    public byte[] Plain(params byte[] command)
    {
        Mac(command);
        var data = Frames(command);
        return CheckMac(data);
    }

    /// <summary>A command in plain whose answer is enciphered (ReadData of an enciphered file, GetCardUID).</summary>
    public byte[] Deciphered(byte[] command, int length)
    {
        Mac(command);
        var cryptogram = Frames(command);
        var plain = Ev1 ? _session!.DecryptCbc(_iv, cryptogram) : _session!.DecryptCbc(new byte[_session.Block], cryptogram);
        if (Ev1)
        {
            _iv = cryptogram[^_session.Block..];
        }

        var data = plain[..length];
        var crc = Ev1 ? Crc32([.. data, 0x00]) : Crc16(data);
        Assert.Equal(Hex.Dashed(crc), Hex.Dashed(plain[length..(length + crc.Length)]));
        Assert.All(plain[(length + crc.Length)..], b => Assert.Equal(0, b));
        return data;
    }

    /// <summary>Sends header + enciphered (data, CRC, padding); returns the status after checking the answer's MAC.</summary>
    public byte Enciphered(byte[] header, byte[] data) => SendSecured(header, Encipher(header, data, crcOverHeader: true));

    /// <summary>Sends header + data + MAC (EV1 CMAC over the whole command; native 4-byte CBC-MAC over the data).</summary>
    public byte Maced(byte[] header, byte[] data)
    {
        byte[] mac;
        if (Ev1)
        {
            _iv = HostCmac.Mac(_session!, _iv, [.. header, .. data]);
            mac = _iv[..8];
        }
        else
        {
            var padded = data.Length % 8 == 0 ? data : [.. data, .. new byte[8 - (data.Length % 8)]];
            mac = _session!.EncryptCbc(new byte[8], padded)[^8..][..4];
        }

        return SendSecured(header, [.. data, .. mac]);
    }

    /// <summary>ChangeKey: the new key, XORed with the old one unless it is the session's key, version (AES), CRCs.</summary>
    public byte ChangeKey(byte keyByte, byte keyNo, byte authenticatedKeyNo, byte[] newKey, byte[] oldKey, byte aesVersion, bool aes)
    {
        var own = keyNo == authenticatedKeyNo;
        var body = own ? newKey.ToArray() : newKey.Select((b, i) => (byte)(b ^ (i < oldKey.Length ? oldKey[i] : 0))).ToArray();
        if (aes && Ev1)
        {
            body = [.. body, aesVersion];
        }

        byte[] plain = Ev1 ? [.. body, .. Crc32([0xC4, keyByte, .. body])] : [.. body, .. Crc16(body)];
        if (!own)
        {
            plain = [.. plain, .. (Ev1 ? Crc32(newKey) : Crc16(newKey))];
        }

        var status = SendSecured([0xC4, keyByte], Encipher([], plain, crcOverHeader: null), skipMac: own);
        if (own)
        {
            _session = null;
        }

        return status;
    }

    public static byte[] Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return BitConverter.GetBytes(crc);
    }

    public static byte[] Crc16(byte[] data)
    {
        var crc = 0x6363;
        foreach (var b in data)
        {
            var x = (byte)(b ^ (crc & 0xFF));
            x ^= (byte)(x << 4);
            crc = (crc >> 8) ^ (x << 8) ^ (x << 3) ^ (x >> 4);
        }

        return [(byte)crc, (byte)(crc >> 8)];
    }

    private byte Authenticate(byte code, byte keyNo, HostCipher cipher, byte[] key, int n)
    {
        _session = null;
        var first = card([code, keyNo]);
        if (first[0] != 0xAF)
        {
            return first[0];
        }

        var native = code == 0x0A;
        var challenge = first[1..];
        var rndB = cipher.DecryptCbc(new byte[cipher.Block], challenge);
        var rndA = RandomNumberGenerator.GetBytes(n);
        byte[] token = [.. rndA, .. rndB[1..], rndB[0]];

        // Native mode: the reader deciphers what it sends (CBC "send mode"); EV1: CBC encryption chained from the challenge.
        var answer = native ? SendMode(cipher, token) : cipher.EncryptCbc(challenge[^cipher.Block..], token);
        var second = card([0xAF, .. answer]);
        if (second[0] != 0x00)
        {
            return second[0];
        }

        var proof = cipher.DecryptCbc(native ? new byte[cipher.Block] : answer[^cipher.Block..], second[1..]);
        Assert.Equal(Hex.Dashed([.. rndA[1..], rndA[0]]), Hex.Dashed(proof));

        SessionKey = DeriveSessionKey(key, rndA, rndB);
        _session = code == 0xAA ? HostCipher.Aes(SessionKey) : HostCipher.Tdes(SessionKey);
        _iv = new byte[_session.Block];
        Ev1 = !native;
        return 0x00;
    }

    private static byte[] DeriveSessionKey(byte[] key, byte[] a, byte[] b)
    {
        if (a.Length == 16 && key.Length == 16)
        {
            return [.. a[..4], .. b[..4], .. a[12..], .. b[12..]];
        }

        if (key.Length == 24)
        {
            return [.. a[..4], .. b[..4], .. a[6..10], .. b[6..10], .. a[12..], .. b[12..]];
        }

        var singleDes = key[..8].Select(x => x & 0xFE).SequenceEqual(key[8..].Select(x => x & 0xFE));
        return singleDes ? [.. a[..4], .. b[..4], .. a[..4], .. b[..4]] : [.. a[..4], .. b[..4], .. a[4..8], .. b[4..8]];
    }

    private static byte[] SendMode(HostCipher cipher, byte[] data)
    {
        var output = new byte[data.Length];
        var previous = new byte[8];
        for (var at = 0; at < data.Length; at += 8)
        {
            var mixed = data[at..(at + 8)].Select((x, i) => (byte)(x ^ previous[i])).ToArray();
            previous = cipher.DecryptBlock(mixed);
            previous.CopyTo(output, at);
        }

        return output;
    }

    // crcOverHeader: true = CRC of header + data inside (EV1 CRC32 / native CRC16 of data); null = data already holds its CRCs.
    private byte[] Encipher(byte[] header, byte[] data, bool? crcOverHeader)
    {
        byte[] plain = crcOverHeader is null ? data : [.. data, .. (Ev1 ? Crc32([.. header, .. data]) : Crc16(data))];
        var block = _session!.Block;
        plain = [.. plain, .. new byte[(block - (plain.Length % block)) % block]];
        if (!Ev1)
        {
            return SendMode(_session, plain);
        }

        var cryptogram = _session.EncryptCbc(_iv, plain);
        _iv = cryptogram[^block..];
        return cryptogram;
    }

    private byte SendSecured(byte[] header, byte[] payload, bool skipMac = false)
    {
        // The first frame carries the header and up to 52 bytes; the rest follows in AF frames.
        var take = Math.Min(payload.Length, 52);
        var answer = card([.. header, .. payload[..take]]);
        for (var at = take; answer[0] == 0xAF && at < payload.Length; at += 52)
        {
            answer = card([0xAF, .. payload[at..Math.Min(payload.Length, at + 52)]]);
        }

        if (answer[0] == 0x00 && !skipMac)
        {
            CheckMac(answer[1..]);
        }

        return answer[0];
    }

    private void Mac(byte[] command)
    {
        if (_session is not null && Ev1)
        {
            _iv = HostCmac.Mac(_session, _iv, command);
        }
    }

    private byte[] Frames(byte[] command)
    {
        var answer = card(command);
        var data = new List<byte>(answer[1..]);
        while (answer[0] == 0xAF)
        {
            answer = card([0xAF]);
            data.AddRange(answer[1..]);
        }

        Assert.Equal(0x00, answer[0]);
        return [.. data];
    }

    private byte[] CheckMac(byte[] data)
    {
        if (_session is null || !Ev1)
        {
            return data;
        }

        var body = data[..^8];
        _iv = HostCmac.Mac(_session, _iv, [.. body, 0x00]);
        Assert.Equal(Hex.Dashed(_iv[..8]), Hex.Dashed(data[^8..]));
        return body;
    }
}
