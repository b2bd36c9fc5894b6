using StudentCard.FirmwareSim.Chip;
using StudentCard.FirmwareSim.Feedback;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim;

/// <summary>
/// The simulated PN532 behind its HSU link: bytes in through <see cref="Receive"/>, ACKs and response
/// frames out through an <see cref="IChipOutput"/>. No I/O of its own, so it is tested byte for byte.
/// </summary>
public sealed partial class Pn532Chip : IDisposable
{
    private const byte HsuWakeUp = 0x10;
    private const byte RfWakeUp = 0x08;

    // A monitor rather than System.Threading.Lock: removing a card mid-exchange re-enters through the field's event.
    private readonly object _gate = new();
    private readonly CardField _field;
    private readonly IChipOutput _output;
    private readonly TimeProvider _time;
    private readonly FrameReader _reader;
    private readonly RegisterMap _registers = new();
    private readonly List<FeedbackEvent> _feedbackToRaise = [];
    private bool _asleep;
    private byte _wakeUpSources = HsuWakeUp;
    private byte[]? _lastResponse;

    /// <summary>Creates a chip asleep, as after power-up: the host must send the HSU wake-up (0x55 ...) first, unless <paramref name="awake"/>.</summary>
    public Pn532Chip(CardField field, IChipOutput output, TimeProvider? time = null, bool awake = false)
    {
        _field = field ?? throw new ArgumentNullException(nameof(field));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _time = time ?? TimeProvider.System;
        _reader = new FrameReader(_time);
        _asleep = !awake;
        _field.Changed += OnFieldChanged;
    }

    /// <summary>Raised, outside the chip's lock, when a GPIO or register write changes the LEDs or the buzzer.</summary>
    public event Action<FeedbackEvent>? FeedbackChanged;

    /// <summary>Whether the chip is in power-down (after power-up or PowerDown) and ignores frames until woken.</summary>
    public bool IsAsleep
    {
        get
        {
            lock (_gate)
            {
                return _asleep;
            }
        }
    }

    /// <summary>Feeds bytes the host sent on the serial line.</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            Ingest(bytes);
        }

        RaiseFeedback();
    }

    /// <summary>Forgets a partly received frame, e.g. when a new host connects.</summary>
    public void DiscardPartialInput()
    {
        lock (_gate)
        {
            _reader.Discard();
        }
    }

    public void Dispose() => _field.Changed -= OnFieldChanged;

    private void Ingest(ReadOnlySpan<byte> bytes)
    {
        var rest = bytes.ToArray();
        while (rest.Length > 0)
        {
            if (_asleep)
            {
                // In HSU the falling edge of 0x55 wakes the chip; bytes before it are lost, as on the wire.
                var wake = (_wakeUpSources & HsuWakeUp) != 0 ? Array.IndexOf(rest, (byte)0x55) : -1;
                if (wake < 0)
                {
                    return;
                }

                _asleep = false;
                rest = rest[(wake + 1)..];
            }

            _reader.Append(rest);
            rest = [];
            while (!_asleep && _reader.TryRead(out var frame))
            {
                Handle(frame);
            }

            if (_asleep)
            {
                rest = _reader.TakeRemaining();
            }
        }
    }

    private void Handle(HostFrame frame)
    {
        switch (frame.Kind)
        {
            case HostFrameKind.Ack:
                // An ACK while a command runs aborts it (UM0701-02 §6.2.1.4); after a response it is harmless.
                _pendingListing = null;
                break;
            case HostFrameKind.Nack:
                if (_pendingListing is null && _lastResponse is not null)
                {
                    _output.Write(_lastResponse);
                }

                break;
            default:
                // A new command supersedes one still waiting for a card.
                _pendingListing = null;
                _output.Write(Pn532Frame.Ack);
                Answer(Execute(frame.Payload));
                break;
        }
    }

    private ChipReply Execute(byte[] payload)
    {
        if (payload.Length < 2 || payload[0] != Pn532Frame.HostToChip)
        {
            return ChipReply.SyntaxError;
        }

        var command = payload[1];
        var input = payload.AsSpan(2);
        return command switch
        {
            Pn532Command.Diagnose => Diagnose(input),
            Pn532Command.GetFirmwareVersion => ChipReply.Response(command, 0x32, 0x01, 0x06, 0x07),
            Pn532Command.GetGeneralStatus => GetGeneralStatus(),
            Pn532Command.ReadRegister => ReadRegister(input),
            Pn532Command.WriteRegister => WriteRegister(input),
            Pn532Command.ReadGpio => ReadGpio(),
            Pn532Command.WriteGpio => WriteGpio(input),
            Pn532Command.SetParameters => SetParameters(input),
            Pn532Command.SamConfiguration => SamConfiguration(input),
            Pn532Command.PowerDown => PowerDown(input),
            Pn532Command.RfConfiguration => RfConfiguration(input),
            Pn532Command.InListPassiveTarget => InListPassiveTarget(input),
            Pn532Command.InDataExchange => InDataExchange(input),
            Pn532Command.InCommunicateThru => InCommunicateThru(input),
            Pn532Command.InDeselect => InDeselect(input),
            Pn532Command.InRelease => InRelease(input),
            Pn532Command.InSelect => InSelect(input),
            _ => ChipReply.SyntaxError,
        };
    }

    private void Answer(ChipReply reply)
    {
        switch (reply.Kind)
        {
            case ChipReplyKind.Response:
                Send(Pn532Frame.Information(Pn532Frame.ChipToHost, reply.Data));
                if (reply.Data[0] == Pn532Command.PowerDown + 1)
                {
                    FallAsleep();
                }

                break;
            case ChipReplyKind.SyntaxError:
                Send(Pn532Frame.SyntaxError.ToArray());
                break;
        }
    }

    private void Send(byte[] frame)
    {
        _lastResponse = frame;
        _output.Write(frame);
    }

    private void OnFieldChanged(CardFieldChange change)
    {
        lock (_gate)
        {
            if (!change.Present)
            {
                MarkLost(change.Card);
            }
            else if (_asleep && (_wakeUpSources & RfWakeUp) != 0)
            {
                _asleep = false;
            }

            CompletePendingListing();
        }

        RaiseFeedback();
    }

    private void SetPort3(byte value)
    {
        var before = FeedbackPins.FromPort3(_registers.Read(RegisterMap.P3));
        _registers.Write(RegisterMap.P3, value);
        var after = FeedbackPins.FromPort3(value);
        if (after != before)
        {
            _feedbackToRaise.Add(after.At(_time.GetUtcNow()));
        }
    }

    private void RaiseFeedback()
    {
        FeedbackEvent[] events;
        lock (_gate)
        {
            if (_feedbackToRaise.Count == 0)
            {
                return;
            }

            events = _feedbackToRaise.ToArray();
            _feedbackToRaise.Clear();
        }

        foreach (var feedback in events)
        {
            FeedbackChanged?.Invoke(feedback);
        }
    }
}
