using StudentCard.FirmwareSim.Chip;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim;

/// <summary>Miscellaneous commands of UM0701-02 §7.2: diagnose, status, registers, GPIO, parameters, SAM, power, RF.</summary>
public sealed partial class Pn532Chip
{
    private const byte ValidationBit = 0x80;
    private const byte Port3Pins = 0x3F;
    private const byte Port7Pins = 0x06;

    // RFConfiguration items and the length of their configuration data.
    private static readonly Dictionary<byte, int> RfItemLengths = new()
    {
        [0x01] = 1,  // RF field
        [0x02] = 3,  // various timings
        [0x04] = 1,  // MaxRtyCOM
        [0x05] = 3,  // MaxRetries: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation
        [0x0A] = 11, // analog settings, 106 kbps type A
        [0x0B] = 8,  // analog settings, 212/424 kbps
        [0x0C] = 3,  // analog settings, type B
        [0x0D] = 9,  // analog settings, 212/424/848 kbps ISO/IEC 14443-4
    };

    private byte _lastError;
    private byte _parameterFlags;
    private byte _samMode = 0x01;
    private byte _maxRetriesPassiveActivation = 0xFF;

    /// <summary>The flags of the last SetParameters.</summary>
    internal byte ParameterFlags => _parameterFlags;

    /// <summary>The mode of the last SAMConfiguration (0x01 normal after power-up).</summary>
    internal byte SamMode => _samMode;

    private ChipReply Diagnose(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return ChipReply.SyntaxError;
        }

        return input[0] switch
        {
            // Communication line test: the chip echoes NumTst and the data.
            0x00 => ChipReply.Response(Pn532Command.Diagnose, input),
            // ROM and RAM tests: 0x00 = OK.
            0x01 or 0x02 when input.Length == 1 => ChipReply.Response(Pn532Command.Diagnose, 0x00),
            // Polling test to a FeliCa target: this field holds type A cards only, so all 128 polls fail.
            0x04 when input.Length == 2 && input[1] is 0x01 or 0x02 => ChipReply.Response(Pn532Command.Diagnose, 0x80),
            // Echo back test: the chip becomes an echo target and sends no response frame.
            0x05 when input.Length == 4 => ChipReply.Silent,
            0x06 when input.Length == 1 => ChipReply.Response(Pn532Command.Diagnose, AttentionRequest()),
            // Antenna self test: antenna OK.
            0x07 when input.Length == 2 => ChipReply.Response(Pn532Command.Diagnose, 0x00),
            _ => ChipReply.SyntaxError,
        };
    }

    private byte AttentionRequest()
    {
        var target = _targets.Find(t => t.Selected);
        if (target is null)
        {
            return Pn532Status.WrongContext;
        }

        return IsInField(target) ? Pn532Status.Ok : Pn532Status.Timeout;
    }

    private ChipReply GetGeneralStatus()
    {
        // Err, Field (no external field), NbTg, then per target Tg BrRx BrTx Type (106 kbps type A = 0x00), then SAM status.
        var output = new List<byte> { _lastError, 0x00, (byte)_targets.Count };
        foreach (var target in _targets)
        {
            output.AddRange([target.Number, 0x00, 0x00, 0x00]);
        }

        output.Add(0x00);
        return ChipReply.Response(Pn532Command.GetGeneralStatus, output.ToArray());
    }

    private ChipReply ReadRegister(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input.Length % 2 != 0)
        {
            return ChipReply.SyntaxError;
        }

        var values = new byte[input.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _registers.Read((ushort)((input[2 * i] << 8) | input[(2 * i) + 1]));
        }

        return ChipReply.Response(Pn532Command.ReadRegister, values);
    }

    private ChipReply WriteRegister(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input.Length % 3 != 0)
        {
            return ChipReply.SyntaxError;
        }

        for (var i = 0; i < input.Length; i += 3)
        {
            var address = (ushort)((input[i] << 8) | input[i + 1]);
            if (address == RegisterMap.P3)
            {
                SetPort3(input[i + 2]);
            }
            else
            {
                _registers.Write(address, input[i + 2]);
            }
        }

        return ChipReply.Response(Pn532Command.WriteRegister);
    }

    private ChipReply ReadGpio()
    {
        // I0/I1 are both low when the host interface is HSU.
        var p3 = (byte)(_registers.Read(RegisterMap.P3) & Port3Pins);
        var p7 = (byte)(_registers.Read(RegisterMap.P7) & Port7Pins);
        return ChipReply.Response(Pn532Command.ReadGpio, p3, p7, 0x00);
    }

    private ChipReply WriteGpio(ReadOnlySpan<byte> input)
    {
        if (input.Length != 2)
        {
            return ChipReply.SyntaxError;
        }

        // Only a port whose validation bit is set changes.
        if ((input[0] & ValidationBit) != 0)
        {
            var current = _registers.Read(RegisterMap.P3);
            SetPort3((byte)((current & ~Port3Pins) | (input[0] & Port3Pins)));
        }

        if ((input[1] & ValidationBit) != 0)
        {
            var current = _registers.Read(RegisterMap.P7);
            _registers.Write(RegisterMap.P7, (byte)((current & ~Port7Pins) | (input[1] & Port7Pins)));
        }

        return ChipReply.Response(Pn532Command.WriteGpio);
    }

    private ChipReply SetParameters(ReadOnlySpan<byte> input)
    {
        if (input.Length != 1)
        {
            return ChipReply.SyntaxError;
        }

        _parameterFlags = input[0];
        return ChipReply.Response(Pn532Command.SetParameters);
    }

    private ChipReply SamConfiguration(ReadOnlySpan<byte> input)
    {
        // Mode 1 normal, 2 virtual card (needs a timeout), 3 wired card, 4 dual card; then optional Timeout and IRQ.
        if (input.IsEmpty || input.Length > 3 || input[0] is < 0x01 or > 0x04 || (input[0] == 0x02 && input.Length < 2))
        {
            return ChipReply.SyntaxError;
        }

        _samMode = input[0];
        return ChipReply.Response(Pn532Command.SamConfiguration);
    }

    private ChipReply PowerDown(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || input.Length > 2)
        {
            return ChipReply.SyntaxError;
        }

        _wakeUpSources = input[0];
        return ChipReply.Response(Pn532Command.PowerDown, Pn532Status.Ok);
    }

    private void FallAsleep()
    {
        _asleep = true;
        _targets.Clear();
    }

    private ChipReply RfConfiguration(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty || !RfItemLengths.TryGetValue(input[0], out var length) || input.Length != length + 1)
        {
            return ChipReply.SyntaxError;
        }

        if (input[0] == 0x05)
        {
            _maxRetriesPassiveActivation = input[3];
        }

        return ChipReply.Response(Pn532Command.RfConfiguration);
    }
}
