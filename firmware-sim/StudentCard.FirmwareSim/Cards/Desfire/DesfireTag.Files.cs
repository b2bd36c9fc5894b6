namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>Standard data files: create, read and write in plain, MACed or enciphered communication.</summary>
internal sealed partial class DesfireTag
{
    private const byte PlainFile = 0x00;
    private const byte Maced = 0x01;
    private const byte Enciphered = 0x03;
    private const int MaxFiles = 32;

    /// <summary>A WriteData whose data comes in several frames; Header is the command code and its 7 parameter bytes.</summary>
    private sealed record PendingWrite(byte[] Header, DesfireFile File, int Offset, int Length, bool Secured, int WireLength, List<byte> Received);

    private DesfireAnswer CreateStdDataFile(ReadOnlySpan<byte> args)
    {
        if (args.Length != 7)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (AtPicc)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        if ((_selected.KeySettings & DesfireApplication.FreeCreateDelete) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        var fileNo = args[0];
        var communication = args[1];
        var size = ThreeBytes(args[4..7]);
        if (fileNo >= MaxFiles || communication is not (PlainFile or Maced or Enciphered) || size == 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.ParameterError);
        }

        if (_selected.Files.ContainsKey(fileNo))
        {
            return DesfireAnswer.Fail(DesfireStatus.DuplicateError);
        }

        if (DesfireApplication.Blocks(size) > FreeMemory())
        {
            return DesfireAnswer.Fail(DesfireStatus.OutOfMemory);
        }

        // Access rights, LSB first: ReadWrite | Change, then Read | Write.
        _selected.Files[fileNo] = new DesfireFile(communication, (byte)(args[3] >> 4), (byte)(args[3] & 0x0F), (byte)(args[2] >> 4), (byte)(args[2] & 0x0F), size);
        return Plain([]);
    }

    private DesfireAnswer GetFileIds(ReadOnlySpan<byte> args)
    {
        if (!args.IsEmpty)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (AtPicc)
        {
            return DesfireAnswer.Fail(DesfireStatus.PermissionDenied);
        }

        if ((_selected.KeySettings & DesfireApplication.FreeDirectoryList) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        return Plain([.. _selected.Files.Keys]);
    }

    /// <summary>File type 00 (standard data), communication mode, access rights LSB first, size.</summary>
    private DesfireAnswer GetFileSettings(ReadOnlySpan<byte> args)
    {
        if (args.Length != 1)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (AtPicc || !_selected.Files.TryGetValue(args[0], out var file))
        {
            return DesfireAnswer.Fail(DesfireStatus.FileNotFound);
        }

        if ((_selected.KeySettings & DesfireApplication.FreeDirectoryList) == 0 && !AuthenticatedWith(0))
        {
            return DesfireAnswer.Fail(DesfireStatus.AuthenticationError);
        }

        byte[] rights = [(byte)((file.ReadWriteKey << 4) | file.ChangeKey), (byte)((file.ReadKey << 4) | file.WriteKey)];
        return Plain([0x00, file.Communication, .. rights, .. ThreeBytes(file.Data.Length)]);
    }

    private DesfireAnswer ReadData(ReadOnlySpan<byte> args)
    {
        if (args.Length != 7)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (AtPicc || !_selected.Files.TryGetValue(args[0], out var file))
        {
            return DesfireAnswer.Fail(DesfireStatus.FileNotFound);
        }

        if (Access(file.ReadKey, file.ReadWriteKey) is { Status: not DesfireStatus.Ok } refusal)
        {
            return refusal;
        }

        var offset = ThreeBytes(args[1..4]);
        var length = ThreeBytes(args[4..7]);
        if (offset >= file.Data.Length || (length != 0 && offset + length > file.Data.Length))
        {
            return DesfireAnswer.Fail(DesfireStatus.BoundaryError);
        }

        var data = file.Data.AsSpan(offset, length == 0 ? file.Data.Length - offset : length);
        if (_session is null || IsFree(file.ReadKey, file.ReadWriteKey))
        {
            return Frames(_session is null ? data.ToArray() : _session.PlainAnswer(data));
        }

        return Frames(file.Communication switch
        {
            Enciphered => _session.EncipheredAnswer(data),
            Maced => _session.MacedAnswer(data),
            _ => _session.PlainAnswer(data),
        });
    }

    private DesfireAnswer WriteData(ReadOnlySpan<byte> command)
    {
        var args = command[1..];
        if (args.Length < 7)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (AtPicc || !_selected.Files.TryGetValue(args[0], out var file))
        {
            return DesfireAnswer.Fail(DesfireStatus.FileNotFound);
        }

        if (Access(file.WriteKey, file.ReadWriteKey) is { Status: not DesfireStatus.Ok } refusal)
        {
            return refusal;
        }

        var offset = ThreeBytes(args[1..4]);
        var length = ThreeBytes(args[4..7]);
        if (length == 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (offset + length > file.Data.Length)
        {
            return DesfireAnswer.Fail(DesfireStatus.BoundaryError);
        }

        var secured = _session is not null && !IsFree(file.WriteKey, file.ReadWriteKey) && file.Communication != PlainFile;
        var wireLength = !secured ? length
            : file.Communication == Maced ? length + _session!.MacLength
            : _session!.CryptogramLength(length);
        var pending = new PendingWrite(command[..8].ToArray(), file, offset, length, secured, wireLength, [.. args[7..]]);
        return AcceptWriteFrame(pending);
    }

    private DesfireAnswer ContinueWrite(ReadOnlySpan<byte> data)
    {
        var pending = _pendingWrite!;
        _pendingWrite = null;
        pending.Received.AddRange(data);
        return AcceptWriteFrame(pending);
    }

    private DesfireAnswer AcceptWriteFrame(PendingWrite pending)
    {
        if (pending.Received.Count > pending.WireLength || pending.Received.Count == 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.LengthError);
        }

        if (pending.Received.Count < pending.WireLength)
        {
            _pendingWrite = pending;
            return DesfireAnswer.Fail(DesfireStatus.AdditionalFrame);
        }

        var wire = pending.Received.ToArray();
        byte[]? data = wire;
        if (!pending.Secured)
        {
            _session?.CommandInPlain([.. pending.Header, .. wire]);
        }
        else if (pending.File.Communication == Maced)
        {
            data = _session!.VerifyMac(pending.Header, wire[..pending.Length], wire[pending.Length..]) ? wire[..pending.Length] : null;
        }
        else
        {
            data = _session!.DecipherChecked(pending.Header, wire, pending.Length);
        }

        if (data is null)
        {
            return DesfireAnswer.Fail(DesfireStatus.IntegrityError);
        }

        data.CopyTo(pending.File.Data, pending.Offset);
        return Plain([]);
    }

    private static bool IsFree(byte key, byte readWriteKey) => key == DesfireFile.Free || readWriteKey == DesfireFile.Free;

    /// <summary>Ok when the access right is free or held by the session's key; 9D when no key may, AE when another key is needed.</summary>
    private DesfireAnswer Access(byte key, byte readWriteKey)
    {
        if (IsFree(key, readWriteKey) || AuthenticatedWith(key) || AuthenticatedWith(readWriteKey))
        {
            return DesfireAnswer.Ok([]);
        }

        return DesfireAnswer.Fail(key == DesfireFile.Never && readWriteKey == DesfireFile.Never
            ? DesfireStatus.PermissionDenied
            : DesfireStatus.AuthenticationError);
    }
}
