using System.Security.Cryptography;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>
/// A MIFARE DESFire EV1 4K behind ISO 14443-4, as the PN532 relays it: native commands, or the same commands
/// wrapped in ISO 7816-4 APDUs (CLA 0x90, answer data + 91 status). Factory state: PICC master key DES all zeros.
/// </summary>
internal sealed partial class DesfireTag : ISimulatedTag
{
    /// <summary>TL 06, T0 75 (TA, TB, TC present, 64-byte frames), TA 77, TB 81, TC 02, historical byte 80.</summary>
    private static readonly byte[] Ats = [0x06, 0x75, 0x77, 0x81, 0x02, 0x80];

    private const byte IsoClass = 0x90;
    private const byte IsoStatusGroup = 0x91;
    private const int MaxFrameData = 59;
    private const ushort RandomUidAtqa = 0x0304;

    private readonly SimulatedCard _card;
    private readonly DesfireApplication _picc = new(0x0F, [DesfireKey.Zero(DesfireKeyType.TwoKeyTdes)]);
    private readonly SortedDictionary<int, DesfireApplication> _applications = [];
    private readonly Queue<byte[]> _pendingFrames = new();

    private DesfireApplication _selected;
    private DesfireSession? _session;
    private PendingAuthentication? _pendingAuthentication;
    private PendingWrite? _pendingWrite;

    public DesfireTag(SimulatedCard card)
    {
        _card = card;
        _selected = _picc;
    }

    private bool AtPicc => ReferenceEquals(_selected, _picc);

    public TagActivation Activate()
    {
        ResetSession();
        if (!_randomUid)
        {
            return new TagActivation(_card.Uid, _card.Atqa, _card.Sak, Ats.ToArray());
        }

        var uid = new byte[4];
        uid[0] = 0x08;
        RandomNumberGenerator.Fill(uid.AsSpan(1));
        return new TagActivation(uid, RandomUidAtqa, _card.Sak, Ats.ToArray());
    }

    public void ResetSession()
    {
        _selected = _picc;
        _session = null;
        _pendingAuthentication = null;
        _pendingWrite = null;
        _pendingFrames.Clear();
    }

    public TagReply Exchange(ReadOnlySpan<byte> command)
    {
        if (command.IsEmpty)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        if (command[0] != IsoClass)
        {
            var answer = Run(command);
            return TagReply.Answer([answer.Status, .. answer.Data]);
        }

        // CLA INS P1 P2 [Lc data] Le: ISO 7816-4 status words for a malformed wrapping.
        if (command.Length < 5)
        {
            return TagReply.Answer([0x67, 0x00]);
        }

        if (command[2] != 0 || command[3] != 0)
        {
            return TagReply.Answer([0x6A, 0x86]);
        }

        var hasData = command.Length > 5;
        if ((hasData && (command[4] == 0 || command.Length != 6 + command[4])) || command[^1] != 0)
        {
            return TagReply.Answer([0x67, 0x00]);
        }

        var data = hasData ? command[5..^1] : [];
        var wrapped = Run([command[1], .. data]);
        return TagReply.Answer([.. wrapped.Data, IsoStatusGroup, wrapped.Status]);
    }

    private DesfireAnswer Run(ReadOnlySpan<byte> command)
    {
        var answer = command[0] == DesfireStatus.AdditionalFrame ? Continue(command[1..]) : Start(command);
        if (answer.Status is not (DesfireStatus.Ok or DesfireStatus.AdditionalFrame))
        {
            // Any error ends an authentication.
            _session = null;
            _pendingAuthentication = null;
            _pendingWrite = null;
            _pendingFrames.Clear();
        }

        return answer;
    }

    private DesfireAnswer Continue(ReadOnlySpan<byte> data)
    {
        if (_pendingAuthentication is not null)
        {
            return FinishAuthentication(data);
        }

        if (_pendingWrite is not null)
        {
            return ContinueWrite(data);
        }

        if (_pendingFrames.Count > 0 && data.IsEmpty)
        {
            return NextFrame();
        }

        return DesfireAnswer.Fail(_pendingFrames.Count > 0 ? DesfireStatus.LengthError : DesfireStatus.IllegalCommand);
    }

    private DesfireAnswer Start(ReadOnlySpan<byte> command)
    {
        // A new command while frames of the previous one are still due is refused with CA, which ends that command.
        if (_pendingAuthentication is not null || _pendingWrite is not null || _pendingFrames.Count > 0)
        {
            return DesfireAnswer.Fail(DesfireStatus.CommandAborted);
        }

        var code = command[0];
        var args = command[1..];
        if (_session is not null && code is not (0x0A or 0x1A or 0xAA or 0x5A or 0xC4 or 0x54 or 0x5C or 0x3D))
        {
            _session.CommandInPlain(command);
        }

        return code switch
        {
            0x0A => StartAuthentication(AuthenticationKind.Native, args),
            0x1A => StartAuthentication(AuthenticationKind.Iso, args),
            0xAA => StartAuthentication(AuthenticationKind.Aes, args),
            0x60 => GetVersion(args),
            0x51 => GetCardUid(args),
            0x6A => GetApplicationIds(args),
            0x5A => SelectApplication(args),
            0xCA => CreateApplication(args),
            0xDA => DeleteApplication(args),
            0xFC => FormatPicc(args),
            0x6E => GetFreeMemory(args),
            0x5C => SetConfiguration(args),
            0x45 => GetKeySettings(args),
            0x54 => ChangeKeySettings(args),
            0x64 => GetKeyVersion(args),
            0xC4 => ChangeKey(args),
            0xCD => CreateStdDataFile(args),
            0x6F => GetFileIds(args),
            0xF5 => GetFileSettings(args),
            0xBD => ReadData(args),
            0x3D => WriteData(command),
            _ => DesfireAnswer.Fail(DesfireStatus.IllegalCommand),
        };
    }

    /// <summary>Sends a long answer in frames of at most 59 bytes, each but the last with status AF.</summary>
    private DesfireAnswer Frames(byte[] data)
    {
        for (var at = 0; at < data.Length; at += MaxFrameData)
        {
            _pendingFrames.Enqueue(data[at..Math.Min(data.Length, at + MaxFrameData)]);
        }

        return _pendingFrames.Count == 0 ? DesfireAnswer.Ok([]) : NextFrame();
    }

    private DesfireAnswer NextFrame()
    {
        var frame = _pendingFrames.Dequeue();
        return new DesfireAnswer(_pendingFrames.Count > 0 ? DesfireStatus.AdditionalFrame : DesfireStatus.Ok, frame);
    }

    private static int ThreeBytes(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static byte[] ThreeBytes(int value) => [(byte)value, (byte)(value >> 8), (byte)(value >> 16)];
}
