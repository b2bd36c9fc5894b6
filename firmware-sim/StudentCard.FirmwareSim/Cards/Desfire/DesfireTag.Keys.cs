namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>Key settings, key versions and ChangeKey of the selected application (or the PICC).</summary>
internal sealed partial class DesfireTag
{
    private DesfireAnswer GetKeySettings(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if ((_selected.KeySettings & DesfireApplication.FreeDirectoryList) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var keys = (byte)((int)_selected.Keys[0].Type | _selected.Keys.Length);
        return Plain([_selected.KeySettings, keys]);
    }

    private DesfireAnswer GetKeyVersion(ReadOnlySpan<byte> args)
    {
        if (args.Length != 1)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var keyNo = args[0] & 0x0F;
        if (args[0] > 0x0F || keyNo >= _selected.Keys.Length)
        {
            return DesfireAnswer.Fail(DesfireStatus.NoSuchKey);
        }

        return Plain([_selected.Keys[keyNo].Version]);
    }

    private DesfireAnswer ChangeKeySettings(ReadOnlySpan<byte> args)
    {
        if (_session is null || _session.KeyNo != 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        if (args.Length != _session.CryptogramLength(1))
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if ((_selected.KeySettings & DesfireApplication.ConfigurationChangeable) == 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        var data = _session.DecipherChecked([0x54], args, 1);
        if (data is null)
        {
            return DesfireAnswer.Fail(DesfireStatus.IntegrityError);
        }

        _selected.KeySettings = data[0];
        return Plain([]);
    }

    /// <summary>
    /// The new key, XORed with the old one unless it is the session's own key, then (EV1) its AES version,
    /// a CRC over command and cryptogram (CRC32; native: CRC16 of the key bytes) and, for another key, a CRC of the new key alone.
    /// </summary>
    private DesfireAnswer ChangeKey(ReadOnlySpan<byte> args)
    {
        if (_session is null)
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        if (args.Length < 1)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var keyByte = args[0];
        var keyNo = keyByte & 0x0F;
        var type = AtPicc ? (DesfireKeyType)(keyByte & 0xC0) : _selected.Keys[0].Type;
        if (keyNo >= _selected.Keys.Length || (!AtPicc && (keyByte & 0xF0) != 0) || (keyByte & 0xC0) == 0xC0 || (keyByte & 0x30) != 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.NoSuchKey);
        }

        if (!_session.Ev1 && type != DesfireKeyType.TwoKeyTdes)
        {
            return DesfireAnswer.Fail(DesfireStatus.ParameterError);
        }

        if (ChangeKeyRefusal(keyNo) is { } refusal)
        {
            return DesfireAnswer.Fail(refusal);
        }

        var length = DesfireKey.LengthOf(type);
        var own = keyNo == _session.KeyNo;
        var versioned = length + (type == DesfireKeyType.Aes && _session.Ev1 ? 1 : 0);
        var plainLength = versioned + _session.CrcLength + (own ? 0 : _session.CrcLength);
        if (args.Length - 1 != _session.Padded(plainLength))
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var plain = _session.Decipher(args[1..]);
        var value = plain[..length];
        if (!own)
        {
            var old = _selected.Keys[keyNo].Value;
            for (var i = 0; i < length; i++)
            {
                value[i] ^= i < old.Length ? old[i] : (byte)0;
            }
        }

        var crc = _session.Ev1 ? DesfireCrc.Crc32([0xC4, keyByte, .. plain.AsSpan(0, versioned)]) : DesfireCrc.Crc16(plain.AsSpan(0, length));
        var at = versioned;
        var intact = plain.AsSpan(at, crc.Length).SequenceEqual(crc);
        at += crc.Length;
        if (!own)
        {
            var keyCrc = _session.Ev1 ? DesfireCrc.Crc32(value) : DesfireCrc.Crc16(value);
            intact &= plain.AsSpan(at, keyCrc.Length).SequenceEqual(keyCrc);
            at += keyCrc.Length;
        }

        if (!intact || plain.AsSpan(at).ContainsAnyExcept((byte)0))
        {
            return DesfireAnswer.Fail(DesfireStatus.IntegrityError);
        }

        var version = type == DesfireKeyType.Aes && _session.Ev1 ? plain[length] : (byte)0;
        _selected.Keys[keyNo] = new DesfireKey(type, value, version);
        if (own)
        {
            // The session key came from the key just replaced: the session ends, and the answer carries no MAC.
            _session = null;
            return DesfireAnswer.Ok([]);
        }

        return Plain([]);
    }

    private byte? ChangeKeyRefusal(int keyNo)
    {
        var session = _session!;
        if (keyNo == 0)
        {
            if (session.KeyNo != 0)
            {
                return DesfireStatus.AuthenticationError;
            }

            return (_selected.KeySettings & DesfireApplication.MasterKeyChangeable) == 0 ? DesfireStatus.PermissionDenied : null;
        }

        return _selected.ChangeKeyAccess switch
        {
            0x0F => DesfireStatus.PermissionDenied,
            0x0E => session.KeyNo == keyNo ? null : DesfireStatus.AuthenticationError,
            var access => session.KeyNo == access ? null : DesfireStatus.AuthenticationError,
        };
    }
}
