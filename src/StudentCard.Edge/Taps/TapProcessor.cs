using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Taps;

/// <summary>
/// The path of a tap on the agent: UID → purpose pseudonym → local decision → durable outbox →
/// reader feedback. Nothing here waits for the network.
/// </summary>
public sealed class TapProcessor(
    ICardReader reader,
    AgentKeys keys,
    LocalAllowList allowList,
    PassageOutbox outbox,
    OutboxSignal signal,
    TapLog tapLog,
    IOptions<EdgeOptions> options,
    ILogger<TapProcessor> logger,
    OnlineCheck? onlineCheck = null,
    OutboxAlarm? outboxAlarm = null) : BackgroundService
{
    private const int QueuedTaps = 4;
    private readonly EdgeOptions _edge = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // The reader keeps polling while a tap is handled (outbox fsync, feedback): a pupil who taps
        // briefly right after another is still seen, whatever the disk or the log is doing. The queue
        // is short: a reader that cannot decide stops reading cards rather than holding many unseen taps.
        var taps = Channel.CreateBounded<CardTap>(new BoundedChannelOptions(QueuedTaps)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var polling = Task.Run(async () =>
        {
            try
            {
                await foreach (var tap in reader.TapsAsync(stoppingToken))
                {
                    await taps.Writer.WriteAsync(tap, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                taps.Writer.TryComplete();
            }
        }, CancellationToken.None);
        await HandleAllAsync(taps.Reader, stoppingToken);
        await polling;
    }

    private async Task HandleAllAsync(ChannelReader<CardTap> taps, CancellationToken stoppingToken)
    {
        await foreach (var tap in taps.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await HandleAsync(tap, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: the passage is already in the outbox; only the feedback was cut short.
            }
            catch (Exception e)
            {
                // One bad tap must never stop the reader: the next pupil still gets an answer.
                logger.LogError("Handling a tap at {ReaderId} failed: {Error}", _edge.ReaderId, e.Message);
            }
        }
    }

    private async Task HandleAsync(CardTap tap, CancellationToken ct)
    {
        var (passage, decision) = Decide(tap.Uid, tap.At);
        if (onlineCheck is { Enabled: true })
        {
            // Bounded by its own short deadline, and not cut by shutdown: the tap is still to be stored.
            (passage, decision) = await onlineCheck.DecideAsync(passage, decision, CancellationToken.None);
        }
        try
        {
            outbox.Add(passage);
            outboxAlarm?.Check(outbox.Count);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            // The passage cannot be made durable: say so loudly, still answer the student.
            logger.LogCritical("Outbox write failed for passage {PassageId}: {Error}", passage.Id, e.Message);
        }
        signal.Poke();
        tapLog.Record(passage);
        logger.LogInformation("Tap at {ReaderId}: {Decision} ({Reason}) pseudonym {Pseudonym}", passage.ReaderId, passage.Decision, passage.Reason, passage.Pseudonym);
        await reader.SignalAsync(decision.Decision, decision.Reason, ct);
    }

    /// <summary>Decides one tap from the local allow-list and makes its passage record.</summary>
    public (PassageMessage Passage, AccessDecision Decision) Decide(Core.Identifiers.CardUid uid, DateTimeOffset at)
    {
        var snapshot = allowList.Current;
        var pseudonyms = keys.Pseudonyms(uid);
        var chosen = pseudonyms[0];
        AllowListEntry? entry = null;
        foreach (var pseudonym in pseudonyms)
        {
            entry = snapshot.Find(pseudonym.Value);
            if (entry is not null)
            {
                chosen = pseudonym;
                break;
            }
        }
        var decision = AccessRules.Decide(entry, at);
        var passage = new PassageMessage(
            Guid.CreateVersion7(at),
            _edge.ReaderId,
            _edge.Type.Name(),
            chosen.Value,
            chosen.KeyVersion,
            at,
            PassageWords.Of(decision.Decision),
            PassageWords.Of(decision.Reason),
            _edge.Direction.ToString().ToLowerInvariant());
        return (passage, decision);
    }
}
