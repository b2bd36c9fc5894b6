using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Passages;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Settings;

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
    OutboxAlarm? outboxAlarm = null,
    ZoneMemory? zoneMemory = null,
    Display.DriverDisplay? display = null,
    Safety.SiteModes? siteModes = null) : BackgroundService
{
    private const int QueuedTaps = 4;
    private readonly EdgeOptions _edge = options.Value;
    private readonly ReaderPlace _place = new(options.Value.Type, options.Value.Site, options.Value.Zone, options.Value.Route, options.Value.Direction);

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
        var (passage, decision, context) = DecideLocally(tap.Uid, tap.At);
        if (onlineCheck is { Enabled: true })
        {
            // Bounded by its own short deadline, and not cut by shutdown: the tap is still to be stored. Central's answer
            // is its current entry, decided here with the same rules and this reader's own recent passages.
            if (await onlineCheck.AskAsync(passage.Pseudonym, _place, CancellationToken.None) is { } answer)
            {
                decision = AccessRules.Decide(passage.Pseudonym, answer.Entry, context with { ListStale = false });
                passage = passage with { Decision = PassageWords.Of(decision.Decision), Reason = PassageWords.Of(decision.Reason) };
            }
        }
        if (decision.IsAllowed && _place.Direction != Direction.None)
        {
            zoneMemory?.Record(passage.Pseudonym, new RecentPassage(_place.Direction, passage.OccurredAt));
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
        display?.Show(decision, passage.OccurredAt);
        tapLog.Record(passage);
        // Logs outlive retention: a tap is logged at Debug and without its pseudonym; Central counts decisions in its metrics.
        logger.LogDebug("Tap at {ReaderId}: {Decision} ({Reason})", passage.ReaderId, passage.Decision, passage.Reason);
        await reader.SignalAsync(decision.Decision, decision.Reason, ct);
    }

    /// <summary>Decides one tap from the local allow-list and makes its passage record.</summary>
    public (PassageMessage Passage, AccessDecision Decision) Decide(Core.Identifiers.CardUid uid, DateTimeOffset at)
    {
        var (passage, decision, _) = DecideLocally(uid, at);
        return (passage, decision);
    }

    private (PassageMessage Passage, AccessDecision Decision, TapContext Context) DecideLocally(Core.Identifiers.CardUid uid, DateTimeOffset at)
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
        var context = new TapContext(
            _place,
            at,
            snapshot.Policy,
            _place.Direction == Direction.None ? null : zoneMemory?.Last(chosen.Value),
            siteModes?.Current,
            ListStale: allowList.IsStale(at));
        var decision = AccessRules.Decide(chosen.Value, entry, context);
        var passage = new PassageMessage(
            Guid.CreateVersion7(at),
            _edge.ReaderId,
            _edge.Type.Name(),
            chosen.Value,
            chosen.KeyVersion,
            at,
            PassageWords.Of(decision.Decision),
            PassageWords.Of(decision.Reason),
            _edge.Direction.ToString().ToLowerInvariant(),
            _place.Name);
        return (passage, decision, context);
    }
}
