using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>The three-pass mutual authentication and the session key it derives.</summary>
internal sealed partial class DesfireTag
{
    private sealed record PendingAuthentication(byte KeyNo, AuthenticationKind Kind, DesfireKey Key, IBlockCipher Cipher, byte[] RndB, byte[] Iv);

    private DesfireAnswer StartAuthentication(AuthenticationKind kind, ReadOnlySpan<byte> args)
    {
        _session = null;
        if (args.Length != 1)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var keyNo = args[0];
        if (keyNo >= _selected.Keys.Length)
        {
            return DesfireAnswer.Fail(DesfireStatus.NoSuchKey);
        }

        var key = _selected.Keys[keyNo];
        var fits = kind switch
        {
            AuthenticationKind.Native => key.Type == DesfireKeyType.TwoKeyTdes,
            AuthenticationKind.Iso => key.Type != DesfireKeyType.Aes,
            _ => key.Type == DesfireKeyType.Aes,
        };
        if (!fits)
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var cipher = key.Cipher();
        var rndB = RandomNumberGenerator.GetBytes(key.Type == DesfireKeyType.TwoKeyTdes ? 8 : 16);
        var iv = new byte[cipher.BlockSize];
        var challenge = Cbc.Encrypt(cipher, kind == AuthenticationKind.Native ? new byte[cipher.BlockSize] : iv, rndB);
        _pendingAuthentication = new PendingAuthentication(keyNo, kind, key, cipher, rndB, iv);
        return new DesfireAnswer(DesfireStatus.AdditionalFrame, challenge);
    }

    private DesfireAnswer FinishAuthentication(ReadOnlySpan<byte> data)
    {
        var pending = _pendingAuthentication!;
        _pendingAuthentication = null;
        var n = pending.RndB.Length;
        if (data.Length != 2 * n)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        // EV1 chains the IV through the three passes; native mode starts each message from zero.
        var native = pending.Kind == AuthenticationKind.Native;
        var plain = native ? Cbc.UndoSendMode(pending.Cipher, data) : Cbc.Decrypt(pending.Cipher, pending.Iv, data);
        var rndA = plain[..n];
        if (!CryptographicOperations.FixedTimeEquals(plain.AsSpan(n), RotateLeft(pending.RndB)))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var proof = Cbc.Encrypt(pending.Cipher, native ? new byte[pending.Cipher.BlockSize] : pending.Iv, RotateLeft(rndA));
        var sessionKey = SessionKey(pending.Key, rndA, pending.RndB);
        _session = new DesfireSession(pending.KeyNo, !native, sessionKey.Cipher());
        return DesfireAnswer.Ok(proof);
    }

    /// <summary>Session keys take 4-byte pieces of RndA and RndB in turn (DESFire EV1 datasheet, §"session key").</summary>
    internal static DesfireKey SessionKey(DesfireKey key, ReadOnlySpan<byte> rndA, ReadOnlySpan<byte> rndB)
    {
        switch (key.Type)
        {
            case DesfireKeyType.Aes:
                return new DesfireKey(DesfireKeyType.Aes, [.. rndA[0..4], .. rndB[0..4], .. rndA[12..16], .. rndB[12..16]], 0);
            case DesfireKeyType.ThreeKeyTdes:
                return new DesfireKey(DesfireKeyType.ThreeKeyTdes, [.. rndA[0..4], .. rndB[0..4], .. rndA[6..10], .. rndB[6..10], .. rndA[12..16], .. rndB[12..16]], 0);
            default:
                byte[] first = [.. rndA[0..4], .. rndB[0..4]];
                byte[] second = IsSingleDes(key.Value) ? first : [.. rndA[4..8], .. rndB[4..8]];
                return new DesfireKey(DesfireKeyType.TwoKeyTdes, [.. first, .. second], 0);
        }
    }

    /// <summary>A 16-byte key whose halves agree once the parity (version) bits are ignored is single DES.</summary>
    internal static bool IsSingleDes(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < 8; i++)
        {
            if ((value[i] & 0xFE) != (value[i + 8] & 0xFE))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] RotateLeft(ReadOnlySpan<byte> value) => [.. value[1..], value[0]];
}
