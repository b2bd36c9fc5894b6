using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Observability;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Retention;
using StudentCard.Central.Stores;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Passages;

/// <summary>
/// Stores a reader's passage batch once, in one transaction, whatever how often it is delivered,
/// and names the passages the reader may now forget.
/// </summary>
/// <remarks>
/// Nothing in a passage is trusted because the message says it. Its reader and purpose are the topic's (checked at the
/// broker against the registration); a gate's or library's place is the one it was registered at; its words are those
/// of <see cref="PassageWords"/>; its time lies within <see cref="MaxAhead"/> of Central's clock and no further back than
/// the purpose's retention maximum. A passage that fails these checks is refused: not stored, but acknowledged and
/// counted, so the reader stops sending it and the rest of its batch is stored as usual. A refused passage is not a
/// lost one: it is a claim Central could not store truthfully (a place the reader is not at, a time retention would
/// delete at once or could never reach, words no reader writes), and storing it would mislead roll call, school
/// scoping and clone detection.
/// </remarks>
public sealed class PassageIngest(
    IDbContextFactory<CentralDbContext> stores,
    ReaderRegistry readers,
    TimeProvider time,
    IngestStatistics statistics,
    ILogger<PassageIngest> logger,
    IEnumerable<IStoredPassagesObserver>? observers = null,
    CentralMetrics? metrics = null)
{
    /// <summary>How far ahead of Central's clock a passage may be: readers' clocks drift by seconds, not by hours.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    private readonly IStoredPassagesObserver[] _observers = observers?.ToArray() ?? [];

    /// <summary>The ids now committed (new and already present); empty when nothing may be acknowledged.</summary>
    public async Task<IReadOnlyList<Guid>> IngestAsync(ReaderType type, string readerId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        (await IngestManyAsync([new PassageDelivery(type, readerId, payload)], cancellationToken))[0];

    /// <summary>
    /// Several deliveries (as many as were waiting) committed in one transaction, so a busy Central
    /// pays one commit per group rather than per message. Returns, per delivery, the ids to acknowledge.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<Guid>>> IngestManyAsync(IReadOnlyList<PassageDelivery> deliveries, CancellationToken cancellationToken)
    {
        var accepted = new List<Guid>[deliveries.Count];
        var toStore = new List<(ReaderType Type, PassageMessage Passage)>();
        var active = new Dictionary<(string, ReaderType), RegisteredReader?>();
        var now = time.GetUtcNow();
        for (var i = 0; i < deliveries.Count; i++)
        {
            var (type, readerId, payload) = deliveries[i];
            accepted[i] = [];
            if (!active.TryGetValue((readerId, type), out var reader))
            {
                reader = await readers.FindActiveAsync(readerId, type, cancellationToken);
                active[(readerId, type)] = reader;
            }
            var valid = Validate(type, readerId, payload, reader is not null);
            var (checkedPassages, refused) = Check(type, reader, valid, now);
            accepted[i].AddRange(valid.Select(p => p.Id));
            toStore.AddRange(checkedPassages.Select(p => (type, p)));
            if (refused > 0)
            {
                statistics.RecordRefused(refused);
            }
        }
        if (toStore.Count == 0)
        {
            return accepted;
        }
        var stored = await StoreAsync(toStore, cancellationToken);
        statistics.Record(stored.Count, toStore.Count - stored.Count);
        logger.LogInformation("Stored {New} new of {Count} passages from {Deliveries} deliveries", stored.Count, toStore.Count, deliveries.Count);
        await NotifyAsync(stored, cancellationToken);
        return accepted;
    }

    /// <summary>Tells the observers (suspicious use, zone relay) about passages stored for the first time; committed already, so a failure here loses nothing.</summary>
    private async Task NotifyAsync(IReadOnlyList<StoredPassage> stored, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return;
        }
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnStoredAsync(stored, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("{Observer} failed on {Count} stored passages: {Error}", observer.GetType().Name, stored.Count, e.Message);
            }
        }
    }

    private List<PassageMessage> Validate(ReaderType type, string readerId, ReadOnlyMemory<byte> payload, bool readerIsActive)
    {
        PassageBatch batch;
        try
        {
            batch = MessageJson.Deserialize<PassageBatch>(payload.Span);
        }
        catch (MalformedMessageException e)
        {
            logger.LogWarning("Dropped a malformed passage batch from {Purpose} reader {ReaderId}: {Problem}", type.Name(), readerId, e.Message);
            return [];
        }
        if (batch.Passages is null)
        {
            logger.LogWarning("Dropped a passage batch without passages from {Purpose} reader {ReaderId}", type.Name(), readerId);
            return [];
        }
        if (!readerIsActive)
        {
            logger.LogWarning("Dropped passages on the topic of {Purpose} reader {ReaderId}, which is not registered with that type or is revoked", type.Name(), readerId);
            return [];
        }
        var valid = batch.Passages.Where(p => IsValid(p, type, readerId)).DistinctBy(p => p.Id).ToList();
        if (valid.Count < batch.Passages.Count)
        {
            logger.LogWarning("Rejected {Count} passages from {Purpose} reader {ReaderId}: reader, purpose or fields do not match the topic",
                batch.Passages.Count - valid.Count, type.Name(), readerId);
        }
        return valid;
    }

    /// <summary>
    /// The passages Central can store (with the registered place of a gate or library) and how many it refuses. No passage id, pseudonym or place is logged, only counts.
    /// </summary>
    private (List<PassageMessage> Stored, int Refused) Check(ReaderType type, RegisteredReader? reader, List<PassageMessage> passages, DateTimeOffset now)
    {
        if (reader is null || passages.Count == 0)
        {
            return (passages, 0);
        }
        var (places, times, words) = (0, 0, 0);
        var checkedPassages = new List<PassageMessage>(passages.Count);
        foreach (var passage in passages)
        {
            // Letter case is left as the reader wrote it, as before: what matters is that nothing else is stored.
            if (!PassageWords.AreWords(passage.Decision, passage.Reason, passage.Direction))
            {
                words++;
            }
            else if (passage.OccurredAt > now + MaxAhead || passage.OccurredAt < now - RetentionLimits.For(type))
            {
                times++;
            }
            else if (!TryPlace(type, reader.Place, passage.Place, out var place))
            {
                places++;
            }
            else
            {
                checkedPassages.Add(passage with { Place = place });
            }
        }
        var refused = places + times + words;
        if (refused > 0)
        {
            logger.LogWarning("Refused {Count} passages from {Purpose} reader {ReaderId} and acknowledged them: {Places} with another place than its own, "
                + "{Times} with a time far from Central's clock, {Words} with words outside their vocabularies", refused, type.Name(), reader.Id, places, times, words);
        }
        return (checkedPassages, refused);
    }

    /// <summary>
    /// The place a passage is stored under. A gate or library stands where it was registered: a message naming no place
    /// gets that one, a message naming another is refused rather than corrected, since its decision was taken under that
    /// other place's rules (zone, site mode) and was never taken here. A bus's route changes during the day, so the
    /// message names it, and it must be a route name. A reader registered without a place can only be held to its shape.
    /// </summary>
    private static bool TryPlace(ReaderType type, string? registered, string? claimed, out string? place)
    {
        place = claimed;
        if (claimed is not null && ReaderPlace.Parse(type, claimed) is null)
        {
            return false;
        }
        if (type == ReaderType.Bus || registered is null)
        {
            return true;
        }
        place = registered;
        return claimed is null || claimed == registered;
    }

    /// <summary>
    /// One transaction, one prepared INSERT … ON CONFLICT DO NOTHING reused for every row: the database,
    /// not a prior SELECT, decides what is already stored, and no change tracking is paid per row.
    /// </summary>
    private async Task<List<StoredPassage>> StoreAsync(List<(ReaderType Type, PassageMessage Passage)> passages, CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var insert = db.Database.GetDbConnection().CreateCommand();
        insert.Transaction = transaction.GetDbTransaction();
        insert.CommandText = """
            INSERT INTO Passages (Id, ReaderId, Purpose, Pseudonym, KeyVersion, OccurredAt, Decision, Reason, Direction, Place, ReceivedAt)
            VALUES ($id, $reader, $purpose, $pseudonym, $keyVersion, $occurredAt, $decision, $reason, $direction, $place, $receivedAt)
            ON CONFLICT(Id) DO NOTHING;
            """;
        var parameters = new[] { "$id", "$reader", "$purpose", "$pseudonym", "$keyVersion", "$occurredAt", "$decision", "$reason", "$direction", "$place", "$receivedAt" }
            .Select(name =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = name;
                insert.Parameters.Add(parameter);
                return parameter;
            })
            .ToArray();
        insert.Prepare();
        var receivedAt = time.GetUtcNow().UtcTicks;
        var stored = new List<StoredPassage>();
        foreach (var (type, p) in passages)
        {
            // The same text forms EF Core writes for these columns (Guid upper-case, times as UTC ticks).
            parameters[0].Value = p.Id.ToString("D").ToUpperInvariant();
            parameters[1].Value = p.ReaderId;
            parameters[2].Value = type.Name();
            parameters[3].Value = p.Pseudonym;
            parameters[4].Value = p.KeyVersion;
            parameters[5].Value = p.OccurredAt.UtcTicks;
            parameters[6].Value = p.Decision;
            parameters[7].Value = p.Reason;
            parameters[8].Value = p.Direction;
            parameters[9].Value = (object?)p.Place ?? DBNull.Value;
            parameters[10].Value = receivedAt;
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                stored.Add(new StoredPassage(type, p));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        // Counted after the commit and only for new rows, so redeliveries and rolled-back batches count nothing.
        var committedAt = time.GetUtcNow();
        foreach (var (type, p) in stored)
        {
            metrics?.Stored(type, p.Decision, p.Reason, p.OccurredAt, committedAt);
        }
        return stored;
    }

    /// <summary>
    /// A passage must be the topic's reader's, of its purpose, and carry a well-formed pseudonym (never anything else).
    /// What fails here is not acknowledged (it cannot be told apart from a message that is not a passage at all);
    /// what passes is then checked against what Central knows (<see cref="Check"/>).
    /// </summary>
    private static bool IsValid(PassageMessage? passage, ReaderType type, string readerId) =>
        passage is not null
        && passage.Id != Guid.Empty
        && passage.ReaderId == readerId
        && passage.Purpose == type.Name()
        && PurposePseudonym.IsWellFormed(passage.Pseudonym)
        && passage.KeyVersion >= 1;
}
