using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Tests.Breaches;

/// <summary>
/// The breach register's services on a fake clock: the authority's 72 hours flagged due soon and then overdue (overdue
/// first in the list), a late notification only with the reasons for the delay, the pupils proposed from passages
/// ingested as readers send them, and the DPO's confirmation or removal, every step on the audit chain.
/// </summary>
public sealed class BreachRegisterTests : IAsyncLifetime
{
    private BreachScene _scene = null!;

    public async Task InitializeAsync() => _scene = await BreachScene.StartAsync();

    public async Task DisposeAsync() => await _scene.DisposeAsync();

    private BreachRegister Register => _scene.Register;

    private DateTimeOffset Now => _scene.Host.Clock.GetUtcNow();

    [Fact]
    public async Task The_authoritys_72_hours_run_from_discovery_and_are_flagged_due_soon_then_overdue_and_listed_first()
    {
        var found = Now.AddHours(-2);
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(found, occurred: found.AddHours(-5)));
        Assert.Equal(found.AddHours(72), breach.AuthorityDueAt);
        var fresh = await Register.GetAsync(breach.Id);
        Assert.Equal((false, false, true), (fresh.AuthorityDueSoon, fresh.AuthorityOverdue, fresh.NeedsAttention));
        Assert.Contains("2 days 22 h left", fresh.AuthorityText);

        _scene.Host.Clock.Advance(TimeSpan.FromHours(50));
        var soon = await Register.GetAsync(breach.Id);
        Assert.Equal((true, false), (soon.AuthorityDueSoon, soon.AuthorityOverdue));
        Assert.Contains("20 hours left", soon.AuthorityText);

        _scene.Host.Clock.Advance(TimeSpan.FromHours(21));
        var later = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now, description: "a later breach"));
        var unlikely = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(found, risk: "unlikely", description: "an unlikely one"));
        var overdue = await Register.GetAsync(breach.Id);
        Assert.Equal((false, true), (overdue.AuthorityDueSoon, overdue.AuthorityOverdue));
        Assert.Contains("overdue by 1 hour", overdue.AuthorityText);
        var list = await Register.ListAsync();
        Assert.Equal([breach.Id, later.Id, unlikely.Id], list.Select(s => s.Breach.Id));
        var notRequired = list.Single(s => s.Breach.Id == unlikely.Id);
        Assert.Equal((false, false, false), (notRequired.AuthorityOverdue, notRequired.AuthorityDueSoon, notRequired.NeedsAttention));

        var noReasons = await Assert.ThrowsAsync<BreachException>(() => Register.NotifyAuthorityAsync(BreachScene.Dpo, breach.Id, null, "online form, case 114", null));
        Assert.Contains("give the reasons for the delay", noReasons.Message);
        Assert.Null((await Register.GetAsync(breach.Id)).Breach.AuthorityNotifiedAt);

        await Register.NotifyAuthorityAsync(BreachScene.Dpo, breach.Id, null, "online form, case 114", "the reader's supplier confirmed the theft only today");
        var notified = await Register.GetAsync(breach.Id);
        Assert.Equal((Now, "the reader's supplier confirmed the theft only today"), (notified.Breach.AuthorityNotifiedAt, notified.Breach.DelayReason));
        Assert.Equal((false, false), (notified.AuthorityOverdue, notified.AuthorityDueSoon));
        Assert.Contains("1 hour after the deadline", notified.AuthorityText);
        var audit = await _scene.AuditAsync(breach.Id);
        Assert.Equal([BreachActions.Recorded, BreachActions.AuthorityNotified], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("dana", e.Actor));
        Assert.Contains("late; reasons for the delay: the reader's supplier confirmed the theft only today", audit[1].Reason);
    }

    [Fact]
    public async Task A_high_risk_needs_the_decision_on_telling_the_pupils_before_it_closes()
    {
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now.AddHours(-1), risk: "high"));
        await Register.NotifyAuthorityAsync(BreachScene.Dpo, breach.Id, null, "case 7", null);
        Assert.True((await Register.GetAsync(breach.Id)).DecisionOwed);
        var early = await Assert.ThrowsAsync<BreachException>(() => Register.CloseAsync(BreachScene.Dpo, breach.Id, "done"));
        Assert.Contains("decision on telling the pupils is not recorded", early.Message);
        await Assert.ThrowsAsync<BreachException>(() => Register.RecordInformedAsync(BreachScene.Dpo, breach.Id, null, "letter"));

        await Register.DecideAsync(BreachScene.Dpo, breach.Id, true, "pseudonyms and times readable on the stolen reader");
        Assert.Contains("pupils are to be told", (await Assert.ThrowsAsync<BreachException>(() => Register.CloseAsync(BreachScene.Dpo, breach.Id, "done"))).Message);
        await Register.RecordInformedAsync(BreachScene.Dpo, breach.Id, null, "letter to each guardian");
        await Register.CloseAsync(BreachScene.Dpo, breach.Id, "reader replaced, keys rotated");

        var closed = await Register.GetAsync(breach.Id);
        Assert.False(closed.IsOpen);
        Assert.Contains("told", closed.PupilsText);
        Assert.Contains("was closed", (await Assert.ThrowsAsync<BreachException>(() => Register.RecordDelayAsync(BreachScene.Dpo, breach.Id, "x"))).Message);
        Assert.Equal([BreachActions.Recorded, BreachActions.AuthorityNotified, BreachActions.Decided, BreachActions.PupilsInformed, BreachActions.Closed],
            (await _scene.AuditAsync(breach.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_compromised_gate_reader_proposes_every_pupil_whose_passage_it_recorded_or_was_relayed_from_its_zone_since_then()
    {
        var p = _scene.Pupils;
        // Before the reader went missing: not proposed.
        await _scene.GateAsync(p[5], BreachScene.GateIn, TimeSpan.FromMinutes(5));
        _scene.Host.Clock.Advance(TimeSpan.FromHours(2));
        var since = Now.AddHours(-1);
        await _scene.GateAsync(p[0], BreachScene.GateIn, TimeSpan.FromMinutes(30));               // recorded by it
        await _scene.GateAsync(p[1], BreachScene.GateOut, TimeSpan.FromMinutes(20), direction: "out"); // relayed to it from its zone
        await _scene.GateAsync(p[2], BreachScene.GateOut, TimeSpan.FromMinutes(10), decision: "deny");  // refused: never relayed
        await _scene.GateAsync(p[3], BreachScene.GateWest, TimeSpan.FromMinutes(10));             // another zone
        await _scene.Host.Get<ReaderRegistry>().RevokeAsync(BreachScene.GateIn);
        _scene.Host.Clock.Advance(TimeSpan.FromMinutes(5));
        await _scene.GateAsync(p[4], BreachScene.GateOut, TimeSpan.Zero);                         // after the revocation: it could not receive it
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now));

        var proposal = await _scene.Affected.FromReaderAsync(BreachScene.Dpo, breach.Id, BreachScene.GateIn, since);

        Assert.Equal((2, 2, 0), (proposal.Pupils, proposal.Passages, proposal.Unmatched));
        var ids = new[] { await _scene.StudentIdAsync(p[0]), await _scene.StudentIdAsync(p[1]) };
        Assert.Equal(ids.Order(), (await _scene.LinksAsync()).Select(l => l.StudentId));
        Assert.All(await _scene.LinksAsync(), l => Assert.False(l.Confirmed));
        var listed = await Register.PupilsAsync(breach.Id);
        Assert.Equal(new[] { p[0].StudentNumber, p[1].StudentNumber }.Order(), listed.Select(v => v.StudentNumber).Order());
        Assert.True((await Register.GetAsync(breach.Id)).ProposalPending);
        var entry = (await _scene.AuditAsync(breach.Id)).Last();
        Assert.Equal(BreachActions.Proposed, entry.Action);
        Assert.Contains("relayed to it from zone north/main", entry.Reason);
        Assert.DoesNotContain(p[0].FamilyName, entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(p[0].StudentNumber, entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dpo_confirms_the_proposal_taking_off_who_was_not_concerned_and_only_proposed_pupils_can_be_taken_off()
    {
        var p = _scene.Pupils;
        var since = Now;
        _scene.Host.Clock.Advance(TimeSpan.FromMinutes(30));
        await _scene.GateAsync(p[0], BreachScene.GateIn, TimeSpan.FromMinutes(20));
        await _scene.GateAsync(p[1], BreachScene.GateIn, TimeSpan.FromMinutes(10));
        await _scene.GateAsync(p[2], BreachScene.GateIn, TimeSpan.FromMinutes(5));
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now));
        var (first, second, third, outsider) = (await _scene.StudentIdAsync(p[0]), await _scene.StudentIdAsync(p[1]),
            await _scene.StudentIdAsync(p[2]), await _scene.StudentIdAsync(p[3]));
        Assert.Contains("no proposed pupils", (await Assert.ThrowsAsync<BreachException>(() => _scene.Affected.ConfirmAsync(BreachScene.Dpo, breach.Id, []))).Message);
        await _scene.Affected.FromReaderAsync(BreachScene.Dpo, breach.Id, BreachScene.GateIn, since);

        var stranger = await Assert.ThrowsAsync<BreachException>(() => _scene.Affected.ConfirmAsync(BreachScene.Dpo, breach.Id, [second, outsider]));
        Assert.Contains($"vault student {outsider} is not proposed", stranger.Message);
        Assert.All(await _scene.LinksAsync(), l => Assert.False(l.Confirmed));
        Assert.Equal(3, (await _scene.LinksAsync()).Count);

        var (confirmed, removed) = await _scene.Affected.ConfirmAsync(BreachScene.Dpo, breach.Id, [second]);

        Assert.Equal((2, 1), (confirmed, removed));
        Assert.Equal([(first, true), (third, true)], (await _scene.LinksAsync()).Select(l => (l.StudentId, l.Confirmed)));
        var standing = await Register.GetAsync(breach.Id);
        Assert.Equal((2, 0, false), (standing.Confirmed, standing.Proposed, standing.ProposalPending));
        Assert.Null(standing.Breach.ProposalSource);

        // A second proposal keeps those attached and proposes only the others.
        var again = await _scene.Affected.FromReaderAsync(BreachScene.Dpo, breach.Id, BreachScene.GateIn, since);
        Assert.Equal(1, again.Pupils);
        Assert.Equal([(first, true), (second, false), (third, true)], (await _scene.LinksAsync()).Select(l => (l.StudentId, l.Confirmed)));

        await Assert.ThrowsAsync<BreachException>(() => _scene.Affected.RemoveAsync(BreachScene.Dpo, breach.Id, first, " "));
        await _scene.Affected.RemoveAsync(BreachScene.Dpo, breach.Id, first, "was absent that week; card in the office safe");
        Assert.Equal([(second, false), (third, true)], (await _scene.LinksAsync()).Select(l => (l.StudentId, l.Confirmed)));

        var audit = await _scene.AuditAsync(breach.Id);
        Assert.Equal([BreachActions.Recorded, BreachActions.Proposed, BreachActions.PupilsConfirmed, BreachActions.Proposed, BreachActions.PupilRemoved],
            audit.Select(e => e.Action));
        Assert.Contains($"taken off the proposal: vault students {second}", audit[2].Reason);
        Assert.Contains($"removed vault student {first}: was absent that week", audit[4].Reason);
    }

    [Fact]
    public async Task A_lost_copy_of_some_days_proposes_every_pupil_with_a_passage_of_any_purpose_on_them()
    {
        var p = _scene.Pupils;
        var clock = _scene.Host.Get<BreachClock>();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, clock.Zone).DateTime);
        await _scene.BusAsync(p[0], Now.AddHours(-47));
        await _scene.GateAsync(p[1], BreachScene.GateWest, TimeSpan.FromDays(1));
        await _scene.GateAsync(p[2], BreachScene.GateWest, TimeSpan.Zero);
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now, description: "backup disk of the purpose store lost"));

        var twoDays = await _scene.Affected.FromDaysAsync(BreachScene.Dpo, breach.Id, today.AddDays(-2), today.AddDays(-1));

        Assert.Equal((2, 2), (twoDays.Pupils, twoDays.Passages));
        Assert.Equal(new[] { await _scene.StudentIdAsync(p[0]), await _scene.StudentIdAsync(p[1]) }.Order(), (await _scene.LinksAsync()).Select(l => l.StudentId));
        Assert.Contains("before the first", (await Assert.ThrowsAsync<BreachException>(() =>
            _scene.Affected.FromDaysAsync(BreachScene.Dpo, breach.Id, today, today.AddDays(-1)))).Message);
    }

    [Fact]
    public async Task Erasing_a_pupil_takes_them_off_every_breach_and_the_breach_with_its_counts_stays()
    {
        var p = _scene.Pupils;
        var since = Now;
        _scene.Host.Clock.Advance(TimeSpan.FromMinutes(30));
        await _scene.GateAsync(p[0], BreachScene.GateIn, TimeSpan.FromMinutes(20));
        await _scene.GateAsync(p[1], BreachScene.GateIn, TimeSpan.FromMinutes(10));
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now, pupils: 2));
        await _scene.Affected.FromReaderAsync(BreachScene.Dpo, breach.Id, BreachScene.GateIn, since);
        await _scene.Affected.ConfirmAsync(BreachScene.Dpo, breach.Id, []);
        var requests = _scene.Host.Get<SubjectRequests>();
        var request = await requests.OpenAsync(p[0].StudentNumber, RequestKind.Erasure, RequesterRole.Guardian);
        await requests.VerifyAsync(request.Id, "guardian's ID card seen at the office", "dana");

        await _scene.Host.Get<SubjectEraser>().EraseAsync(request.Id);

        Assert.Equal([await _scene.StudentIdAsync(p[1])], (await _scene.LinksAsync()).Select(l => l.StudentId));
        var standing = await Register.GetAsync(breach.Id);
        Assert.Equal((1, 2), (standing.Confirmed, standing.Breach.ApproximatePupils));
        Assert.Equal([p[1].StudentNumber], (await Register.PupilsAsync(breach.Id)).Select(v => v.StudentNumber));
    }

    [Fact]
    public async Task An_update_needs_a_reason_names_what_changed_and_moves_the_deadline_with_the_discovery()
    {
        var breach = await Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now.AddHours(-3)));
        var report = BreachScene.Report(Now.AddHours(-10), pupils: 52);

        Assert.Contains("needs its reason", (await Assert.ThrowsAsync<BreachException>(() => Register.UpdateAsync(BreachScene.Dpo, breach.Id, report))).Message);
        await Register.UpdateAsync(BreachScene.Dpo, breach.Id, report with { Reason = "the caretaker saw the reader missing the evening before" });

        var updated = (await Register.GetAsync(breach.Id)).Breach;
        Assert.Equal((Now.AddHours(62), 52), (updated.AuthorityDueAt, updated.ApproximatePupils));
        var entry = (await _scene.AuditAsync(breach.Id)).Last();
        Assert.Equal((BreachActions.Updated, "updated time it was found, number of pupils: the caretaker saw the reader missing the evening before (on the admin page)"),
            (entry.Action, entry.Reason));
        Assert.Contains("nothing differs", (await Assert.ThrowsAsync<BreachException>(() =>
            Register.UpdateAsync(BreachScene.Dpo, breach.Id, report with { Reason = "again" }))).Message);
        Assert.Equal(BreachRisk.Risk, updated.Risk);
    }
}
