using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>
/// Host side of the PN532 HSU protocol (NXP UM0701-02): one command at a time, each sent, acknowledged and
/// answered. Not thread-safe: the caller serialises commands.
/// </summary>
public sealed class Pn532Client
{
    /// <summary>SAMConfiguration mode "normal": the SAM is not used.</summary>
    public const byte SamNormalMode = 0x01;

    /// <summary>RFConfiguration item "MaxRetries" (MxRtyATR, MxRtyPSL, MxRtyPassiveActivation).</summary>
    public const byte RfConfigMaxRetries = 0x05;

    /// <summary>InListPassiveTarget baud rate / modulation: 106 kbps type A (ISO/IEC 14443 type A).</summary>
    public const byte Type106A = 0x00;

    // UM0701-02 §6.3.2.3: the long preamble that wakes a PN532 on HSU from power-down or LowVbat.
    private static readonly byte[] WakeUpPreamble =
        [0x55, 0x55, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    private static readonly byte[] NackBytes = Pn532Frame.Nack.Encode();

    private readonly IReaderTransport _transport;
    private readonly Pn532FrameReader _frames;
    private readonly Pn532ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public Pn532Client(IReaderTransport transport, Pn532ClientOptions? options = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _transport = transport;
        _options = options ?? new Pn532ClientOptions();
        _time = time ?? TimeProvider.System;
        _frames = new Pn532FrameReader(transport, _options.TruncationTimeout, _time);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Sends the HSU wake-up preamble; needed before the first command and after a PowerDown.</summary>
    public async Task WakeUpAsync(CancellationToken ct)
    {
        await _transport.WriteAsync(WakeUpPreamble, ct).ConfigureAwait(false);
    }

    public async Task<Pn532FirmwareVersion> GetFirmwareVersionAsync(CancellationToken ct)
    {
        var data = await ExecuteAsync(Pn532Command.GetFirmwareVersion, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
        RequireLength(Pn532Command.GetFirmwareVersion, data, 4);
        return new Pn532FirmwareVersion(data.Span[0], data.Span[1], data.Span[2], data.Span[3]);
    }

    /// <summary>SAMConfiguration in normal mode (no SAM); also takes the PN532 out of LowVbat.</summary>
    public async Task SamConfigurationAsync(CancellationToken ct)
    {
        await ExecuteAsync(Pn532Command.SamConfiguration, new byte[] { SamNormalMode }, ct).ConfigureAwait(false);
    }

    public async Task SetParametersAsync(Pn532Parameters flags, CancellationToken ct)
    {
        await ExecuteAsync(Pn532Command.SetParameters, new[] { (byte)flags }, ct).ConfigureAwait(false);
    }

    public async Task RfConfigurationAsync(byte configItem, ReadOnlyMemory<byte> configData, CancellationToken ct)
    {
        var parameters = new byte[configData.Length + 1];
        parameters[0] = configItem;
        configData.Span.CopyTo(parameters.AsSpan(1));
        await ExecuteAsync(Pn532Command.RfConfiguration, parameters, ct).ConfigureAwait(false);
    }

    /// <summary>RFConfiguration MaxRetries; a finite passive-activation count makes an empty field answer NbTg = 0.</summary>
    public Task SetMaxRetriesAsync(byte atr, byte psl, byte passiveActivation, CancellationToken ct) =>
        RfConfigurationAsync(RfConfigMaxRetries, new[] { atr, psl, passiveActivation }, ct);

    /// <summary>Lists up to <paramref name="maxTargets"/> (1 or 2) type A cards at 106 kbps; empty when the field is empty.</summary>
    public async Task<IReadOnlyList<PassiveTarget>> InListPassiveTargetAsync(byte maxTargets, CancellationToken ct)
    {
        if (maxTargets is < 1 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTargets), "The PN532 lists 1 or 2 targets.");
        }
        var data = await ExecuteAsync(Pn532Command.InListPassiveTarget, new[] { maxTargets, Type106A }, ct).ConfigureAwait(false);
        return PassiveTargetParser.Parse(data.Span);
    }

    /// <summary>Releases target <paramref name="tg"/> (0 releases all).</summary>
    public async Task InReleaseAsync(byte tg, CancellationToken ct)
    {
        var data = await ExecuteAsync(Pn532Command.InRelease, new[] { tg }, ct).ConfigureAwait(false);
        RequireStatus(Pn532Command.InRelease, data);
    }

    /// <summary>Sends <paramref name="dataOut"/> to target <paramref name="tg"/> and returns its answer.</summary>
    public async Task<byte[]> InDataExchangeAsync(byte tg, ReadOnlyMemory<byte> dataOut, CancellationToken ct)
    {
        var parameters = new byte[dataOut.Length + 1];
        parameters[0] = tg;
        dataOut.Span.CopyTo(parameters.AsSpan(1));
        var data = await ExecuteAsync(Pn532Command.InDataExchange, parameters, ct).ConfigureAwait(false);
        RequireStatus(Pn532Command.InDataExchange, data);
        return data.Span[1..].ToArray();
    }

    /// <summary>WriteGPIO: bit 7 of each byte (validation bit) must be set for that port to change.</summary>
    public async Task WriteGpioAsync(byte p3, byte p7, CancellationToken ct)
    {
        await ExecuteAsync(Pn532Command.WriteGpio, new[] { p3, p7 }, ct).ConfigureAwait(false);
    }

    public async Task<Pn532GpioState> ReadGpioAsync(CancellationToken ct)
    {
        var data = await ExecuteAsync(Pn532Command.ReadGpio, ReadOnlyMemory<byte>.Empty, ct).ConfigureAwait(false);
        RequireLength(Pn532Command.ReadGpio, data, 3);
        return new Pn532GpioState(data.Span[0], data.Span[1], data.Span[2]);
    }

    /// <summary>Sends one command, waits for its ACK (resending on timeout) and returns the response parameters.</summary>
    public async Task<ReadOnlyMemory<byte>> ExecuteAsync(byte command, ReadOnlyMemory<byte> parameters, CancellationToken ct)
    {
        var request = Pn532Frame.EncodeCommand(command, parameters.Span);
        for (int attempt = 1; ; attempt++)
        {
            // Anything still buffered answers an earlier, abandoned command.
            _frames.DiscardBuffered();
            await _transport.WriteAsync(request, ct).ConfigureAwait(false);
            var early = await WaitForAckAsync(command, ct).ConfigureAwait(false);
            if (early.Acknowledged)
            {
                return early.Response ?? await WaitForResponseAsync(command, ct).ConfigureAwait(false);
            }
            if (attempt >= _options.CommandAttempts)
            {
                throw new Pn532TimeoutException($"The PN532 did not acknowledge {Pn532Command.Name(command)} after {attempt} attempts.");
            }
            _logger.LogDebug("No ACK for {Command}; sending it again (attempt {Attempt})", Pn532Command.Name(command), attempt + 1);
        }
    }

    private async Task<AckOutcome> WaitForAckAsync(byte command, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.AckTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        while (true)
        {
            Pn532DecodeResult result;
            try
            {
                result = await _frames.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return AckOutcome.None;
            }
            if (result.Status == Pn532DecodeStatus.Corrupt)
            {
                // A damaged ACK is as good as none: the ACK timeout will resend the command.
                _logger.LogDebug("Discarded a corrupt frame while waiting for ACK: {Problem}", result.Problem);
                continue;
            }
            var frame = result.Frame!;
            switch (frame.Kind)
            {
                case Pn532FrameKind.Ack:
                    return new AckOutcome(true, null);
                case Pn532FrameKind.Nack:
                    return AckOutcome.None;
                case Pn532FrameKind.Error:
                    throw ErrorFrame(command);
                default:
                    if (IsResponseTo(command, frame))
                    {
                        // The ACK got lost but the answer came: accept it rather than run the command twice.
                        return new AckOutcome(true, frame.Data[1..]);
                    }
                    _logger.LogDebug("Discarded an unexpected {Frame} while waiting for ACK", frame);
                    continue;
            }
        }
    }

    private async Task<ReadOnlyMemory<byte>> WaitForResponseAsync(byte command, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        int nacks = 0;
        while (true)
        {
            Pn532DecodeResult result;
            try
            {
                result = await _frames.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new Pn532TimeoutException(
                    $"The PN532 acknowledged {Pn532Command.Name(command)} but sent no response within {_options.ResponseTimeout.TotalMilliseconds:0} ms.");
            }
            if (result.Status == Pn532DecodeStatus.Corrupt)
            {
                if (++nacks > _options.MaxNacks)
                {
                    throw new Pn532ProtocolException(
                        $"The response to {Pn532Command.Name(command)} was still corrupt ({result.Problem}) after {_options.MaxNacks} retransmission requests.");
                }
                _logger.LogDebug("Corrupt response to {Command} ({Problem}); sending NACK {Nack}", Pn532Command.Name(command), result.Problem, nacks);
                await _transport.WriteAsync(NackBytes, ct).ConfigureAwait(false);
                continue;
            }
            var frame = result.Frame!;
            switch (frame.Kind)
            {
                case Pn532FrameKind.Error:
                    throw ErrorFrame(command);
                case Pn532FrameKind.Ack:
                case Pn532FrameKind.Nack:
                    continue;
            }
            if (frame.Tfi != Pn532Frame.Pn532ToHost)
            {
                throw new Pn532ProtocolException(
                    $"The response to {Pn532Command.Name(command)} has TFI 0x{frame.Tfi:X2} instead of 0x{Pn532Frame.Pn532ToHost:X2}.");
            }
            if (!IsResponseTo(command, frame))
            {
                _logger.LogDebug("Discarded a stale {Frame} while waiting for {Command}", frame, Pn532Command.Name(command));
                continue;
            }
            return frame.Data[1..];
        }
    }

    private static bool IsResponseTo(byte command, Pn532Frame frame) =>
        frame.Kind == Pn532FrameKind.Information
        && frame.Tfi == Pn532Frame.Pn532ToHost
        && frame.Data.Length > 0
        && frame.Data.Span[0] == (byte)(command + 1);

    private static Pn532ProtocolException ErrorFrame(byte command) =>
        new($"The PN532 answered {Pn532Command.Name(command)} with an error frame (syntax or application error).");

    private static void RequireLength(byte command, ReadOnlyMemory<byte> data, int length)
    {
        if (data.Length < length)
        {
            throw new Pn532ProtocolException(
                $"The response to {Pn532Command.Name(command)} has {data.Length} parameter bytes; {length} expected.");
        }
    }

    private static void RequireStatus(byte command, ReadOnlyMemory<byte> data)
    {
        RequireLength(command, data, 1);
        byte status = data.Span[0];
        if ((status & 0x3F) != 0)
        {
            throw new Pn532StatusException(Pn532Command.Name(command), (byte)(status & 0x3F));
        }
    }

    private readonly record struct AckOutcome(bool Acknowledged, ReadOnlyMemory<byte>? Response)
    {
        public static AckOutcome None => new(false, null);
    }
}
