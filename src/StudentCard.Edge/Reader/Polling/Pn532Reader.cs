using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Core.Rules;

namespace StudentCard.Edge.Reader;

/// <summary>
/// A PN532 card reader: polls for type A cards, reports each card once per visit to the field, drives the
/// feedback LEDs and buzzer, and reconnects on its own whenever the reader goes away.
/// </summary>
public sealed class Pn532Reader : ICardReader, IAsyncDisposable
{
    private const byte MaxTargets = 2;
    private const byte MxRtyAtr = 0xFF;
    private const byte MxRtyPsl = 0x01;

    private readonly ReaderOptions _options;
    private readonly Func<IReaderTransport> _createTransport;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly ILogger<Pn532Reader> _logger;
    private readonly FeedbackPatterns _patterns;
    private readonly Pn532ClientOptions _clientOptions;

    // One PN532 command at a time: the polling loop and the feedback share the port.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReaderTransport? _transport;
    private Pn532Client? _client;
    private volatile bool _connected;
    private CancellationTokenSource? _feedback;

    public Pn532Reader(
        IOptions<ReaderOptions> options,
        ReaderTransportFactory transports,
        TimeProvider time,
        ILogger<Pn532Reader> logger,
        FeedbackPatterns? patterns = null)
        : this(options.Value, transports.Create, transports.Describe(), time, logger, patterns ?? new FeedbackPatterns())
    {
    }

    internal Pn532Reader(
        ReaderOptions options,
        Func<IReaderTransport> createTransport,
        string where,
        TimeProvider time,
        ILogger<Pn532Reader> logger,
        FeedbackPatterns patterns)
    {
        _options = options;
        _createTransport = createTransport;
        _where = where;
        _time = time;
        _logger = logger;
        _patterns = patterns;
        _clientOptions = new Pn532ClientOptions
        {
            AckTimeout = TimeSpan.FromMilliseconds(options.AckTimeoutMs),
            ResponseTimeout = TimeSpan.FromMilliseconds(options.ResponseTimeoutMs),
        };
    }

    public bool IsConnected => _connected;

    public async IAsyncEnumerable<CardTap> TapsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(_options.HoldOffMs));
        var backoff = new ReconnectBackoff(
            TimeSpan.FromMilliseconds(_options.ReconnectMinMs),
            TimeSpan.FromMilliseconds(_options.ReconnectMaxMs));
        var interval = TimeSpan.FromMilliseconds(_options.PollIntervalMs);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!_connected && !await ConnectAsync(ct).ConfigureAwait(false))
                {
                    await DelayAsync(backoff.Next(), ct).ConfigureAwait(false);
                    continue;
                }
                var taps = await PollAsync(filter, ct).ConfigureAwait(false);
                if (taps is null)
                {
                    await DelayAsync(backoff.Next(), ct).ConfigureAwait(false);
                    continue;
                }
                // Only a working poll proves the reader healthy; a handshake alone may precede a failing poll.
                backoff.Reset();
                foreach (var tap in taps)
                {
                    yield return tap;
                }
                await DelayAsync(interval, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the feedback pattern for the decision: the first step is written before this returns, the later
    /// ones in the background. A reader fault is logged, not thrown: the decision stands without the LEDs.
    /// </summary>
    public Task SignalAsync(Decision decision, ReasonCode reason, CancellationToken ct) =>
        ShowAsync(_patterns.For(decision, reason), ct);

    /// <summary>Starts a pattern as <see cref="SignalAsync"/> does: the first step written before this returns, the later ones in the background.</summary>
    public async Task ShowAsync(IReadOnlyList<FeedbackStep> steps, CancellationToken ct)
    {
        var pattern = new CancellationTokenSource();
        // A new decision supersedes the rest of the previous pattern; every step sets all outputs.
        var previous = Interlocked.Exchange(ref _feedback, pattern);
        previous?.Cancel();
        await WriteFeedbackAsync(steps[0], ct).ConfigureAwait(false);
        if (steps.Count > 1)
        {
            _ = FinishPatternAsync(steps, _time.GetTimestamp(), pattern);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _feedback, null)?.Cancel();
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task<bool> ConnectAsync(CancellationToken ct)
    {
        try
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        var transport = _createTransport();
        try
        {
            await CloseCoreAsync().ConfigureAwait(false);
            await transport.OpenAsync(ct).ConfigureAwait(false);
            var client = new Pn532Client(transport, _clientOptions, _time, _logger);
            // SAMConfiguration comes first after the wake-up: it is what takes a PN532 out of LowVbat.
            await client.WakeUpAsync(ct).ConfigureAwait(false);
            await client.SamConfigurationAsync(ct).ConfigureAwait(false);
            var firmware = await client.GetFirmwareVersionAsync(ct).ConfigureAwait(false);
            await client.SetMaxRetriesAsync(MxRtyAtr, MxRtyPsl, (byte)_options.PassiveActivationRetries, ct).ConfigureAwait(false);
            _transport = transport;
            _client = client;
            _connected = true;
            _logger.LogInformation(
                "Card reader {Reader} connected: IC 0x{Ic:X2}, firmware {Version}.{Revision}",
                _where, firmware.Ic, firmware.Version, firmware.Revision);
            return true;
        }
        catch (Exception ex)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            if (!ct.IsCancellationRequested)
            {
                _logger.LogWarning("Card reader {Reader} unavailable: {Error}", _where, ex.Message);
            }
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<CardTap>?> PollAsync(HoldOffFilter filter, CancellationToken ct)
    {
        try
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            if (_client is not { } client)
            {
                return null;
            }
            var targets = await client.InListPassiveTargetAsync(MaxTargets, ct).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (targets.Count > 0)
            {
                await ReleaseAsync(client, ct).ConfigureAwait(false);
            }
            var fresh = filter.Observe(targets.Select(t => t.Uid).ToList(), now);
            return fresh.Select(uid => new CardTap(uid, now)).ToList();
        }
        catch (Exception ex)
        {
            if (!ct.IsCancellationRequested)
            {
                _logger.LogWarning("Card reader {Reader} failed while polling, reconnecting: {Error}", _where, ex.Message);
            }
            await CloseCoreAsync().ConfigureAwait(false);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(Pn532Client client, CancellationToken ct)
    {
        try
        {
            await client.InReleaseAsync(0, ct).ConfigureAwait(false);
        }
        catch (Pn532StatusException ex)
        {
            // The card may have left between listing and release; the PN532 itself is fine.
            _logger.LogDebug("InRelease reported status 0x{Status:X2}", ex.Status);
        }
    }

    private async Task FinishPatternAsync(IReadOnlyList<FeedbackStep> steps, long started, CancellationTokenSource pattern)
    {
        try
        {
            for (int i = 1; i < steps.Count; i++)
            {
                var wait = steps[i].At - _time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, pattern.Token).ConfigureAwait(false);
                }
                await WriteFeedbackAsync(steps[i], pattern.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Superseded by a newer decision or the reader was disposed.
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Card reader {Reader} feedback pattern stopped: {Error}", _where, ex.Message);
        }
        finally
        {
            // Not disposed: a newer SignalAsync may be cancelling it right now, and a source without
            // timers or links holds nothing to release.
            Interlocked.CompareExchange(ref _feedback, null, pattern);
        }
    }

    private async Task WriteFeedbackAsync(FeedbackStep step, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_client is not { } client)
            {
                _logger.LogDebug("Card reader {Reader} not connected; feedback not shown", _where);
                return;
            }
            await client.WriteGpioAsync(FeedbackWiring.P3(step.Green, step.Red, step.Buzzer), FeedbackWiring.P7Unchanged, ct)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _logger.LogWarning("Card reader {Reader} failed to show feedback, reconnecting: {Error}", _where, ex.Message);
            await CloseCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop condition sees the cancellation and ends the sequence quietly.
        }
    }

    private async Task CloseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseCoreAsync()
    {
        _connected = false;
        _client = null;
        var transport = Interlocked.Exchange(ref _transport, null);
        if (transport is not null)
        {
            try
            {
                await transport.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogDebug("Closing card reader {Reader} failed: {Error}", _where, ex.Message);
            }
        }
    }
}
