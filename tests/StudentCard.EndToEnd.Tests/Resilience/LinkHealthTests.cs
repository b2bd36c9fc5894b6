using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Rights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Rules;
using StudentCard.Edge.Taps;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>Allow-list freshness, the outbox alarm and reader status, on real hosts over loopback.</summary>
[Collection(ResilienceCollection.Name)]
public sealed class LinkHealthTests(ITestOutputHelper output)
{
    private static CardToken Token(ResilienceSystem system, int student) =>
        PseudonymDeriver.CardToken(new CardUid(system.Students[student].CardUid), system.Keys.Site);

    private static (Decision Decision, ReasonCode Reason) DecideNow(AgentRig rig, ResilienceSystem system, int student)
    {
        var (_, decision) = rig.Service<IEnumerable<IHostedService>>().OfType<TapProcessor>().Single().Decide(new CardUid(system.Students[student].CardUid), DateTimeOffset.UtcNow);
        return (decision.Decision, decision.Reason);
    }

    [Fact]
    public async Task A_revoked_card_is_denied_as_unknown_at_an_online_reader_within_seconds()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 10);
        var rig = await system.AddAgentAsync("gate-1", ReaderType.Gate);
        Assert.Equal((Decision.Allow, ReasonCode.None), DecideNow(rig, system, 0));
        var before = rig.AllowList.Current.Version;

        await system.CentralService<EnrollmentService>().RevokeCardAsync(Token(system, 0), Central.Vault.CardStatus.Revoked);

        await Eventually.WaitAsync(() => rig.AllowList.Current.Version > before, "the reader to fetch the list after the revocation notice", 15);
        Assert.Equal((Decision.Deny, ReasonCode.UnknownCard), DecideNow(rig, system, 0));
        await system.DriveAsync(rig, 1);
        await Eventually.WaitAsync(() => rig.Decided.Count == 1, "the tap after the revocation");
        Assert.Equal(("deny", "unknown_card"), (rig.Decided.Values.Single().Decision, rig.Decided.Values.Single().Reason));
    }

    [Fact]
    public async Task A_reader_that_missed_notices_while_cut_off_fetches_the_current_list_when_it_reconnects()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 10);
        var rig = await system.AddAgentAsync("bus-1", ReaderType.Bus, viaProxy: true);
        await Eventually.WaitAsync(() => rig.Link.Connected, "the bus online");
        rig.Proxy!.Down();
        await Eventually.WaitAsync(() => !rig.Link.Connected, "the bus cut off");
        var stale = rig.AllowList.Current.Version;

        // Pupil 4 had no rights; enrolled now, while the bus hears no notice.
        var now = DateTimeOffset.UtcNow;
        var pupil = system.Students[4];
        await system.CentralService<EnrollmentService>().EnrollAsync(
            new NewStudent(pupil.StudentNumber, pupil.GivenName, pupil.FamilyName, pupil.School, pupil.ClassName, pupil.BirthYear, pupil.GuardianName),
            Token(system, 4));
        await system.CentralService<RuleService>().GivePupilsAsync(SyntheticEnrollment.Office,
            [new PupilRight(pupil.StudentNumber, new PurposeGrant(ReaderType.Bus, now.AddDays(-1), now.AddDays(30)))], "rights at enrollment");
        Assert.Equal(stale, rig.AllowList.Current.Version);
        Assert.Equal((Decision.Deny, ReasonCode.UnknownCard), DecideNow(rig, system, 4));

        rig.Proxy.Up();

        await Eventually.WaitAsync(() => rig.AllowList.Current.Version > stale, "the reconnected bus to fetch the current list", 30);
        Assert.Equal((Decision.Allow, ReasonCode.None), DecideNow(rig, system, 4));
    }

    [Fact]
    public async Task A_full_outbox_raises_the_alarm_keeps_deciding_keeps_every_passage_and_clears_once_drained()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 20);
        var rig = await system.AddAgentAsync("gate-1", ReaderType.Gate, viaProxy: true,
            new Dictionary<string, string?> { ["Edge:OutboxAlarmThreshold"] = "100" });
        rig.Proxy!.Down();
        await Eventually.WaitAsync(() => !rig.Link.Connected, "the reader cut off");

        await system.DriveAsync(rig, 300);
        await Eventually.WaitAsync(() => rig.Reader.Signalled == 300, "every tap answered");

        Assert.True(rig.Link.OutboxAlarm);
        Assert.Equal(300, rig.Outbox.Count);
        Assert.Contains(rig.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("OUTBOX ALARM", StringComparison.Ordinal));

        rig.Proxy.Up();
        await system.WaitForDeliveryAsync();
        await Eventually.WaitAsync(() => !rig.Link.OutboxAlarm, "the alarm to clear once Central confirmed the backlog");
        var tally = await system.ReportAsync("full outbox while cut off");
        Assert.Equal((300, 0, 0), (tally.Stored, tally.Lost, tally.Duplicated));
    }

    [Fact]
    public async Task Central_sees_a_reader_online_with_its_backlog_and_its_last_will_turns_it_offline_when_it_dies()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 10);
        var rig = await system.AddAgentAsync("library-1", ReaderType.Library, viaProxy: true);

        var online = await Eventually.WaitAsync(() => RegistrationAsync(system, rig.ReaderId), r => r.Online && r.LastSeenAt is not null && r.AllowListVersion > 0, "Central to see the reader online");
        Assert.Equal(0, online.OutboxBacklog);

        // Dies without a word: its connection drops (no DISCONNECT) and its host is abandoned.
        rig.Proxy!.Down();
        var host = rig.Host!;
        rig.Host = null;
        host.Dispose();

        var offline = await Eventually.WaitAsync(() => RegistrationAsync(system, rig.ReaderId), r => !r.Online, "the last will to mark the reader offline");
        Assert.NotNull(offline.LastSeenAt);
        Assert.Equal(0, offline.OutboxBacklog);
    }

    private static async Task<ReaderRegistration> RegistrationAsync(ResilienceSystem system, string readerId)
    {
        await using var db = await system.CentralService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Readers.AsNoTracking().SingleAsync(r => r.Id == readerId);
    }
}
