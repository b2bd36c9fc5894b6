using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Observability;

/// <summary>
/// Central's OpenTelemetry instruments, scraped at /metrics. Labels are purpose, decision, reason and
/// reader id only, each from a closed set (anything else is counted as "other"): no pseudonym, no person.
/// </summary>
public sealed class CentralMetrics : IDisposable
{
    public const string MeterName = "StudentCard.Central";

    private static readonly HashSet<string> KnownReasons = Enum.GetValues<ReasonCode>().Select(PassageWords.Of).ToHashSet();

    private readonly Meter _meter;
    private readonly Counter<long> _passages;
    private readonly Histogram<double> _ingestLag;
    private readonly IDbContextFactory<CentralDbContext> _stores;

    public CentralMetrics(IMeterFactory meters, IDbContextFactory<CentralDbContext> stores)
    {
        _stores = stores;
        _meter = meters.Create(MeterName);
        _passages = _meter.CreateCounter<long>("studentcard.passages", unit: "{passage}",
            description: "Taps stored at ingest (each passage once, redeliveries not counted), by purpose, decision and reason.");
        _ingestLag = _meter.CreateHistogram<double>("studentcard.ingest.lag", unit: "s",
            description: "Time from the tap at the reader to its commit in Central.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400] });
        _meter.CreateObservableGauge("studentcard.readers.online", ReadersOnline, unit: "{reader}",
            description: "Registered, unrevoked readers whose last status was online, by purpose.");
        _meter.CreateObservableGauge("studentcard.reader.outbox.backlog", OutboxBacklogs, unit: "{passage}",
            description: "Passages waiting in each reader's outbox, as it last reported.");
    }

    /// <summary>A passage newly committed by ingest (called after the commit, once per passage).</summary>
    public void Stored(ReaderType purpose, string decision, string reason, DateTimeOffset occurredAt, DateTimeOffset committedAt)
    {
        var purposeTag = new KeyValuePair<string, object?>("purpose", purpose.Name());
        _passages.Add(1,
            purposeTag,
            new KeyValuePair<string, object?>("decision", decision is "allow" or "deny" ? decision : "other"),
            new KeyValuePair<string, object?>("reason", KnownReasons.Contains(reason) ? reason : "other"));
        _ingestLag.Record(Math.Max(0, (committedAt - occurredAt).TotalSeconds), purposeTag);
    }

    private IEnumerable<Measurement<int>> ReadersOnline()
    {
        using var db = _stores.CreateDbContext();
        var online = db.Readers.AsNoTracking()
            .Where(r => r.RevokedAt == null)
            .Select(r => new { r.Type, r.Online })
            .ToList();
        return ReaderTypes.All.Select(purpose => new Measurement<int>(
            online.Count(r => r.Type == purpose && r.Online),
            new KeyValuePair<string, object?>("purpose", purpose.Name()))).ToList();
    }

    private IEnumerable<Measurement<int>> OutboxBacklogs()
    {
        using var db = _stores.CreateDbContext();
        return db.Readers.AsNoTracking()
            .Where(r => r.RevokedAt == null)
            .Select(r => new { r.Id, r.Type, r.OutboxBacklog })
            .ToList()
            .Select(r => new Measurement<int>(r.OutboxBacklog,
                new KeyValuePair<string, object?>("reader", r.Id),
                new KeyValuePair<string, object?>("purpose", r.Type.Name())))
            .ToList();
    }

    public void Dispose() => _meter.Dispose();
}
