namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>Card-level commands: version, UID, applications, memory and configuration.</summary>
internal sealed partial class DesfireTag
{
    private const int UserMemory = 4096;
    private const int MaxApplications = 28;
    private const int MaxKeysPerApplication = 14;

    // Vendor NXP, type DESFire, subtype 1, version 1.0 (hardware) / 1.4 (software), 4K (2^12 bytes), ISO 14443-2 and -3.
    private static readonly byte[] HardwareVersion = [0x04, 0x01, 0x01, 0x01, 0x00, 0x18, 0x05];
    private static readonly byte[] SoftwareVersion = [0x04, 0x01, 0x01, 0x01, 0x04, 0x18, 0x05];
    private static readonly byte[] BatchWeekYear = [0xBA, 0x65, 0x4C, 0x31, 0x20, 0x14, 0x26];

    private bool _randomUid;
    private bool _formatDisabled;
    private byte[] _defaultKey = new byte[24];
    private byte _defaultKeyVersion;

    private bool AuthenticatedWith(int keyNo) => _session is not null && _session.KeyNo == keyNo;

    // An EV1 session puts a CMAC on every successful answer it does not encipher.
    private DesfireAnswer Plain(byte[] data) => DesfireAnswer.Ok(_session is null ? data : _session.PlainAnswer(data));

    private DesfireAnswer GetVersion(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        byte[] all = [.. HardwareVersion, .. SoftwareVersion, .. _card.Uid, .. BatchWeekYear];
        var sent = _session is null ? all : _session.PlainAnswer(all);
        _pendingFrames.Enqueue(sent[..7]);
        _pendingFrames.Enqueue(sent[7..14]);
        _pendingFrames.Enqueue(sent[14..]);
        return NextFrame();
    }

    private DesfireAnswer GetCardUid(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        return _session is null
            ? DesfireAnswer.Fail(DesfireStatus.AuthenticationError)
            : DesfireAnswer.Ok(_session.EncipheredAnswer(_card.Uid));
    }

    private DesfireAnswer GetApplicationIds(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (!AtPicc)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        if ((_picc.KeySettings & DesfireApplication.FreeDirectoryList) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var ids = _applications.Keys.SelectMany(ThreeBytes).ToArray();
        return Frames(_session is null ? ids : _session.PlainAnswer(ids));
    }

    private DesfireAnswer SelectApplication(ReadOnlySpan<byte> args)
    {
        _session = null;
        if (args.Length != 3)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var aid = ThreeBytes(args);
        if (aid == 0)
        {
            _selected = _picc;
            return DesfireAnswer.Ok([]);
        }

        if (!_applications.TryGetValue(aid, out var application))
        {
            return DesfireAnswer.Fail(DesfireStatus.ApplicationNotFound);
        }

        _selected = application;
        return DesfireAnswer.Ok([]);
    }

    private DesfireAnswer CreateApplication(ReadOnlySpan<byte> args)
    {
        if (args.Length != 5)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (!AtPicc)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        if ((_picc.KeySettings & DesfireApplication.FreeCreateDelete) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var aid = ThreeBytes(args);
        var keyCount = args[4] & 0x0F;
        var typeBits = args[4] & 0xC0;
        if (aid == 0 || keyCount is 0 or > MaxKeysPerApplication || typeBits == 0xC0 || (args[4] & 0x30) != 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.ParameterError);
        }

        if (_applications.ContainsKey(aid))
        {
            return DesfireAnswer.Fail(DesfireStatus.DuplicateError);
        }

        if (_applications.Count >= MaxApplications)
        {
            return DesfireAnswer.Fail(DesfireStatus.CountError);
        }

        var type = (DesfireKeyType)typeBits;
        var keys = Enumerable.Range(0, keyCount)
            .Select(_ => new DesfireKey(type, _defaultKey[..DesfireKey.LengthOf(type)], _defaultKeyVersion))
            .ToArray();
        _applications[aid] = new DesfireApplication(args[3], keys);
        return Plain([]);
    }

    private DesfireAnswer DeleteApplication(ReadOnlySpan<byte> args)
    {
        if (args.Length != 3)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (!AtPicc)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        if (!AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var aid = ThreeBytes(args);
        if (aid == 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.ParameterError);
        }

        return _applications.Remove(aid) ? Plain([]) : DesfireAnswer.Fail(DesfireStatus.ApplicationNotFound);
    }

    private DesfireAnswer FormatPicc(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (!AtPicc || !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        if (_formatDisabled)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        _applications.Clear();
        return Plain([]);
    }

    private DesfireAnswer GetFreeMemory(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        return Plain(ThreeBytes(FreeMemory()));
    }

    // Files take memory in 32-byte blocks; application directories are not counted.
    private int FreeMemory() => UserMemory - _applications.Values.SelectMany(a => a.Files.Values).Sum(f => f.Footprint);

    private DesfireAnswer SetConfiguration(ReadOnlySpan<byte> args)
    {
        if (args.Length < 2)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (!AtPicc || !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var option = args[0];
        var length = option switch
        {
            0x00 => 1,
            0x01 => 25,
            _ => -1,
        };
        if (length < 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.ParameterError);
        }

        if (args.Length - 1 != _session!.CryptogramLength(length))
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        var data = _session.DecipherChecked([0x5C, option], args[1..], length);
        if (data is null)
        {
            return DesfireAnswer.Fail(DesfireStatus.IntegrityError);
        }

        if (option == 0x00)
        {
            // Both flags are one-way on a real card: once set they stay.
            _formatDisabled |= (data[0] & 0x01) != 0;
            _randomUid |= (data[0] & 0x02) != 0;
        }
        else
        {
            _defaultKey = data[..24];
            _defaultKeyVersion = data[24];
        }

        return Plain([]);
    }
}
