using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Passages;
using StudentCard.Central.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Safety;

/// <summary>Alerts raised at ingest: lost cards presented, soft passbacks, one card at two sites too far apart.</summary>
public sealed class SuspiciousUseTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 7, 30, 0, TimeSpan.Zero);
    private TestCentral _central = null!;

    public async Task InitializeAsync()
    {
        _central = await TestCentral.StartAsync(SchoolSettings.Arguments);
        await _central.RegisterAsync("gate-n1", ReaderType.Gate);
        await _central.RegisterAsync("gate-w1", ReaderType.Gate);
        await _central.RegisterAsync("lib-n1", ReaderType.Library);
    }

    public async Task DisposeAsync() => await _central.DisposeAsync();

    private static PassageMessage Passage(string reader, string pseudonym, DateTimeOffset at, string place, string decision = "allow", string reason = "none", string purpose = "gate") =>
        new(Guid.CreateVersion7(at), reader, purpose, pseudonym, 1, at, decision, reason, "in", place);

    private Task IngestAsync(string reader, params PassageMessage[] passages) =>
        _central.Services.GetRequiredService<PassageIngest>().IngestAsync(
            ReaderTypes.Parse(passages[0].Purpose), reader, MessageJson.Serialize(new PassageBatch(passages)), CancellationToken.None);

    private async Task<List<Alert>> AlertsAsync()
    {
        await using var db = _central.CentralDb();
        return await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_lost_card_presented_is_flagged_once_however_often_it_is_delivered()
    {
        var lost = Passage("gate-n1", new string('1', 32), Morning, "north/main", "deny", "lost_card");

        await IngestAsync("gate-n1", lost);
        await IngestAsync("gate-n1", lost);

        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal((AlertKind.LostCardUsed, ReaderType.Gate, "gate-n1", lost.Pseudonym), (alert.Kind, alert.Purpose, alert.ReaderId, alert.Pseudonym));
    }

    [Fact]
    public async Task The_alert_is_logged_at_warning_by_its_number_never_by_the_cards_pseudonym()
    {
        var log = new CapturingLogger<SuspiciousUseDetector>();
        var detector = ActivatorUtilities.CreateInstance<SuspiciousUseDetector>(_central.Services, (ILogger<SuspiciousUseDetector>)log);
        var lost = Passage("gate-n1", new string('7', 32), Morning, "north/main", "deny", "lost_card");

        await detector.OnStoredAsync([new StoredPassage(ReaderType.Gate, lost)], CancellationToken.None);

        var alert = Assert.Single(await AlertsAsync());
        var line = Assert.Single(log.Lines);
        Assert.StartsWith("Warning ", line);
        Assert.Contains($"Alert {alert.Id}:", line);
        Assert.DoesNotContain(lost.Pseudonym, line);
    }

    [Fact]
    public async Task One_card_at_two_sites_18_km_apart_within_minutes_is_flagged_as_an_impossible_journey()
    {
        var card = new string('2', 32);
        await IngestAsync("gate-n1", Passage("gate-n1", card, Morning, "north/main"));
        await IngestAsync("gate-w1", Passage("gate-w1", card, Morning.AddMinutes(4), "west/main"));

        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal((AlertKind.ImpossibleTravel, "gate-w1", "gate-n1"), (alert.Kind, alert.ReaderId, alert.OtherReaderId));
        Assert.Contains("km in 4 min", alert.Detail);
    }

    [Fact]
    public async Task A_plausible_journey_an_other_card_or_an_other_purpose_is_not_flagged()
    {
        var card = new string('3', 32);
        await IngestAsync("gate-n1", Passage("gate-n1", card, Morning, "north/main"));
        // 18 km in 40 minutes: a bus ride.
        await IngestAsync("gate-w1", Passage("gate-w1", card, Morning.AddMinutes(40), "west/main"));
        // Another card at the other site straight away.
        await IngestAsync("gate-w1", Passage("gate-w1", new string('4', 32), Morning.AddMinutes(1), "west/main"));
        // The same pseudonym value in another purpose's data is not the same card.
        await IngestAsync("lib-n1", Passage("lib-n1", new string('4', 32), Morning.AddMinutes(2), "north", purpose: "library"));

        Assert.Empty(await AlertsAsync());
    }

    [Fact]
    public async Task A_soft_passback_let_through_is_flagged()
    {
        await IngestAsync("gate-n1", Passage("gate-n1", new string('5', 32), Morning, "north/annex", "allow", "anti_passback"));

        Assert.Equal(AlertKind.AntiPassback, Assert.Single(await AlertsAsync()).Kind);
    }
}
