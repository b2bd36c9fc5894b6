using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.AllowList;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// Raises alerts on newly stored passages: a card reported lost was presented; a soft anti-passback let someone through;
/// one card was used at two sites further apart than anyone could travel in between (a cloned card). The last sighting
/// per pseudonym is kept in memory for a few hours only: long gaps are never impossible journeys.
/// </summary>
public sealed class SuspiciousUseDetector(
    IDbContextFactory<CentralDbContext> stores,
    AccessPolicySource policy,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<SuspiciousUseDetector> logger) : IStoredPassagesObserver
{
    private static readonly TimeSpan Remember = TimeSpan.FromHours(6);
    private static readonly string LostCard = PassageWords.Of(ReasonCode.LostCard);
    private static readonly string AntiPassback = PassageWords.Of(ReasonCode.AntiPassback);
    private static readonly string Allow = PassageWords.Of(Decision.Allow);
    private readonly Dictionary<(ReaderType, string), Sighting> _last = [];
    private readonly Lock _gate = new();
    private int _pruneAt = 4096;

    public async Task OnStoredAsync(IReadOnlyList<StoredPassage> passages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var alerts = new List<Alert>();
        foreach (var (purpose, passage) in passages.OrderBy(p => p.Passage.OccurredAt))
        {
            if (passage.Reason == LostCard)
            {
                alerts.Add(NewAlert(purpose, AlertKind.LostCardUsed, passage, now, "a card reported lost was presented"));
            }
            else if (passage.Reason == AntiPassback && passage.Decision == Allow)
            {
                alerts.Add(NewAlert(purpose, AlertKind.AntiPassback, passage, now, $"passed {passage.Direction} twice in a row (soft anti-passback)"));
            }
            if (Journey(purpose, passage) is { } journey)
            {
                alerts.Add(journey);
            }
        }
        if (alerts.Count == 0)
        {
            return;
        }
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        db.Alerts.AddRange(alerts);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var alert in alerts)
        {
            // The log outlives the alert's retention, so it names the alert, never the card's pseudonym; the Alerts page shows the rest.
            logger.LogWarning("Alert {AlertId}: {Kind} at {Purpose} reader {ReaderId}: {Detail}", alert.Id, alert.Kind, alert.Purpose.Name(), alert.ReaderId, alert.Detail);
        }
    }

    private Alert? Journey(ReaderType purpose, PassageMessage passage)
    {
        if (policy.Policy.FindSite(ReaderPlace.SiteOf(purpose, passage.Place))?.Location is not { } position)
        {
            return null;
        }
        var sighting = new Sighting(passage.ReaderId, position, passage.OccurredAt);
        Sighting? previous;
        lock (_gate)
        {
            previous = _last.TryGetValue((purpose, passage.Pseudonym), out var known) ? known : null;
            if (previous is null || previous.Value.At <= sighting.At)
            {
                _last[(purpose, passage.Pseudonym)] = sighting;
            }
            Prune(passage.OccurredAt);
        }
        if (previous is not { } earlier || (sighting.At - earlier.At).Duration() > Remember
            || ImpossibleJourney.Check(earlier, sighting, options.Value.ImpossibleJourneyKmh) is not { } found)
        {
            return null;
        }
        var minutes = Math.Abs((sighting.At - earlier.At).TotalMinutes);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{found.DistanceKm:0.0} km in {minutes:0} min from reader {earlier.ReaderId}");
        var alert = NewAlert(purpose, AlertKind.ImpossibleTravel, passage, time.GetUtcNow(), detail);
        alert.OtherReaderId = earlier.ReaderId;
        return alert;
    }

    private void Prune(DateTimeOffset now)
    {
        if (_last.Count < _pruneAt)
        {
            return;
        }
        foreach (var key in _last.Where(p => now - p.Value.At > Remember).Select(p => p.Key).ToList())
        {
            _last.Remove(key);
        }
        _pruneAt = Math.Max(4096, _last.Count * 2);
    }

    private static Alert NewAlert(ReaderType purpose, AlertKind kind, PassageMessage passage, DateTimeOffset now, string detail) => new()
    {
        Purpose = purpose,
        Kind = kind,
        Pseudonym = passage.Pseudonym,
        ReaderId = passage.ReaderId,
        OccurredAt = passage.OccurredAt,
        RaisedAt = now,
        Detail = detail,
    };
}
