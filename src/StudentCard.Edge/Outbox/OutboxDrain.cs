using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Outbox;

/// <summary>
/// Sends the outbox to Central while the link is open: oldest first, in batches of Edge:DrainBatchSize with at most
/// <see cref="MaxInFlightBatches"/> batches unconfirmed, again after Edge:ResendAfterSeconds without a confirmation, and
/// everything unconfirmed again on every (re)connection. It checks the outbox alarm at every heartbeat and whenever a
/// connection ends.
/// </summary>
public sealed class OutboxDrain : BackgroundService
{
    public const int MaxInFlightBatches = 8;
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);
    private readonly PassageOutbox _outbox;
    private readonly OutboxSignal _signal;
    private readonly OutboxAlarm _alarm;
    private readonly ILinkPublisher _link;
    private readonly EdgeOptions _edge;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDrain> _logger;
    private int _open;

    public OutboxDrain(
        PassageOutbox outbox,
        OutboxSignal signal,
        OutboxAlarm alarm,
        LinkState state,
        ILinkPublisher link,
        IOptions<EdgeOptions> options,
        TimeProvider time,
        ILogger<OutboxDrain> logger)
    {
        _outbox = outbox;
        _signal = signal;
        _alarm = alarm;
        _link = link;
        _edge = options.Value;
        _time = time;
        _logger = logger;
        state.ConnectionOpened += OnConnectionOpened;
        state.ConnectionEnded += OnConnectionEnded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topic = MqttTopics.Passages(_edge.Type, _edge.ReaderId);
        var nextAlarmCheck = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            if (Volatile.Read(ref _open) == 1)
            {
                var now = _time.GetUtcNow();
                if (now >= nextAlarmCheck)
                {
                    _alarm.Check(_outbox.Count);
                    nextAlarmCheck = now.AddSeconds(_edge.HeartbeatSeconds);
                }
                try
                {
                    sent = await SendBatchAsync(topic, now, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The batch stays in the outbox: it goes again after the resend delay or the next connection.
                    _logger.LogWarning("Passages not sent ({Error}); {Backlog} passages kept in the outbox", e.Message, _outbox.Count);
                }
            }
            else
            {
                nextAlarmCheck = DateTimeOffset.MinValue;
            }
            if (sent == 0)
            {
                await _signal.WaitAsync(IdleWait, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> SendBatchAsync(string topic, DateTimeOffset now, CancellationToken ct)
    {
        var resendBefore = now.AddSeconds(-_edge.ResendAfterSeconds);
        if (_outbox.InFlight(resendBefore) >= MaxInFlightBatches * _edge.DrainBatchSize)
        {
            return 0;
        }
        var batch = _outbox.TakeBatch(_edge.DrainBatchSize, now, resendBefore);
        if (batch.Count > 0)
        {
            await _link.PublishAsync(topic, MessageJson.Serialize(new PassageBatch(batch)), ct);
        }
        return batch.Count;
    }

    private void OnConnectionOpened()
    {
        _outbox.MarkAllUnsent();
        Volatile.Write(ref _open, 1);
        _signal.Poke();
    }

    private void OnConnectionEnded()
    {
        Volatile.Write(ref _open, 0);
        _alarm.Check(_outbox.Count);
    }
}
