using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Local;

namespace StudentCard.Central.Tests.Rosters;

/// <summary>
/// Pupils who leave the roster: absent from a full export (never from a partial one), they lose their rights at the
/// commit and their cards once the grace has passed on the clock, unless a later import brings them back first; a full
/// export taking too much of a school waits for confirmation. Pupils and cards come from roster imports and re-issues.
/// </summary>
public sealed class RosterLeaverTests : IAsyncLifetime
{
    private const int Pupils = 40;
    private static readonly SyntheticOneRoster Export = SyntheticOneRoster.Generate(Pupils);

    // The leaver's school has a site in Auckland, so the revocation day is that of Auckland, not of UTC.
    private static readonly string LeaverSchool = Export.Pupils[1].School;
    private RosterHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await RosterHost.StartAsync(
            "--Access:Sites:0:Name=harbour",
            "--Access:Sites:0:TimeZone=Pacific/Auckland",
            $"--Access:Sites:0:School={LeaverSchool}");
        Assert.True((await _host.Import.CommitAsync(Source(Export))).Committed);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_pupil_absent_from_a_full_export_leaves_and_their_card_is_revoked_once_the_grace_has_passed()
    {
        var leaver = Export.Pupils[1];
        var now = _host.Clock.GetUtcNow();
        await _host.Get<RuleService>().CreateAsync(RuleEditor.System("office"), new RuleDraft(
            LeaverSchool, ReaderType.Gate, "whole school", RulePopulation.School, null, "harbour", null, now.AddDays(-1), now.AddDays(300)), "the school's gate");
        var token = await GiveCardAsync(leaver.StudentNumber);
        var gatePseudonym = Support.Roster.Pseudonym(token, ReaderType.Gate, _host.Get<KeyRing>());
        Assert.True(await HasEntitlementAsync(gatePseudonym));
        var schoolPupils = Export.Pupils.Count(p => p.School == LeaverSchool);
        // 19:00 UTC on 1 September: fourteen days on it is already 16 September in Auckland (UTC+12).
        _host.Clock.Advance(TimeSpan.FromHours(12));
        var withoutLeaver = Source(Without(Export, leaver.StudentNumber));

        var preview = await _host.Import.PreviewAsync(withoutLeaver, RosterImportMode.Full);

        Assert.Equal((0, 0, Pupils - 1, 0, 1, true), (preview.New, preview.Updated, preview.Unchanged, preview.Deactivated, preview.Absent, preview.FullExport));
        var school = Assert.Single(preview.Leavers);
        Assert.Equal((LeaverSchool, 1, schoolPupils, 1, new DateOnly(2026, 9, 16), "Pacific/Auckland", false),
            (school.School, school.Leaving, school.Active, school.Cards, school.RevokedOn, school.TimeZone, school.PastShare));
        Assert.StartsWith("1 card will be revoked on 2026-09-16 (Pacific/Auckland)", school.CardsSentence);
        Assert.Contains("1 absent from the full export", preview.ToString());
        Assert.Null((await StudentAsync(leaver.StudentNumber)).DeactivatedAt);

        var result = await _host.Import.CommitAsync(withoutLeaver, RosterImportMode.Full);

        Assert.True(result.Committed);
        var left = await StudentAsync(leaver.StudentNumber);
        Assert.Equal(_host.Clock.GetUtcNow(), left.DeactivatedAt);
        Assert.False(await HasEntitlementAsync(gatePseudonym));
        await using (var vault = _host.Vault())
        {
            Assert.Equal(Pupils - 1, await vault.Students.CountAsync(s => s.DeactivatedAt == null));
        }
        Assert.Equal(CardStatus.Issued, await CardStatusAsync(token));

        _host.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        await _host.Get<LeaverCardRevoker>().RevokeDueAsync();
        Assert.Equal(CardStatus.Issued, await CardStatusAsync(token));

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        await _host.Get<LeaverCardRevoker>().RevokeDueAsync();

        Assert.Equal(CardStatus.Revoked, await CardStatusAsync(token));
        Assert.False(await HasEntitlementAsync(gatePseudonym));
        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var entries = await audit.Entries.Where(e => e.Subject == $"vault student {left.Id}").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditActions.CardRevoked && e.Reason == "card reported revoked");
        var leaverEntry = Assert.Single(entries, e => e.Action == LeaverCardRevoker.AuditAction);
        Assert.Equal(("roster", "1 issued cards revoked: left the roster on 2026-09-01 (UTC) and the 14-day grace is over"), (leaverEntry.Actor, leaverEntry.Reason));
        Assert.True((await _host.Get<AuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_revoker_runs_on_the_clock_without_being_asked()
    {
        var leaver = Export.Pupils[1];
        var token = await GiveCardAsync(leaver.StudentNumber);
        await _host.Import.CommitAsync(Source(Without(Export, leaver.StudentNumber)), RosterImportMode.Full);
        var graceEnds = _host.Clock.GetUtcNow() + TimeSpan.FromDays(14);

        // Only the clock moves, six hours at a time; the revoker's own timer must do the rest.
        await Poll.UntilAsync(() =>
        {
            if (_host.Clock.GetUtcNow() < graceEnds + TimeSpan.FromDays(1))
            {
                _host.Clock.Advance(TimeSpan.FromHours(6));
            }
            using var vault = _host.Vault();
            return vault.Cards.Single(c => c.CardToken == token.Value).Status == CardStatus.Revoked;
        });

        await using var revoked = _host.Vault();
        Assert.True((await revoked.Cards.SingleAsync(c => c.CardToken == token.Value)).RevokedAt >= graceEnds);
    }

    [Fact]
    public async Task A_partial_export_without_a_pupil_changes_nothing()
    {
        var pupil = Export.Pupils[1];
        var token = await GiveCardAsync(pupil.StudentNumber);
        var withoutPupil = Source(Without(Export, pupil.StudentNumber));
        var before = await VaultSnapshotAsync();

        var preview = await _host.Import.PreviewAsync(withoutPupil);
        var result = await _host.Import.CommitAsync(withoutPupil);

        Assert.Equal((0, 0, Pupils - 1, 0, 0, false), (result.New, result.Updated, result.Unchanged, result.Deactivated, result.Absent, result.FullExport));
        Assert.Empty(preview.Leavers);
        Assert.Equal(before, await VaultSnapshotAsync());
        _host.Clock.Advance(TimeSpan.FromDays(30));
        await _host.Get<LeaverCardRevoker>().RevokeDueAsync();
        Assert.Equal(CardStatus.Issued, await CardStatusAsync(token));
    }

    [Fact]
    public async Task A_pupil_back_in_the_roster_within_the_grace_keeps_their_card()
    {
        var pupil = Export.Pupils[1];
        var token = await GiveCardAsync(pupil.StudentNumber);
        await _host.Import.CommitAsync(Source(Without(Export, pupil.StudentNumber)), RosterImportMode.Full);
        Assert.NotNull((await StudentAsync(pupil.StudentNumber)).DeactivatedAt);
        _host.Clock.Advance(TimeSpan.FromDays(13));

        var back = await _host.Import.CommitAsync(Source(Export), RosterImportMode.Full);

        Assert.Equal((1, Pupils - 1, 0, 0), (back.Updated, back.Unchanged, back.Deactivated, back.Absent));
        Assert.Null((await StudentAsync(pupil.StudentNumber)).DeactivatedAt);
        _host.Clock.Advance(TimeSpan.FromDays(30));
        await _host.Get<LeaverCardRevoker>().RevokeDueAsync();
        Assert.Equal(CardStatus.Issued, await CardStatusAsync(token));
    }

    [Fact]
    public async Task A_full_export_taking_too_much_of_a_school_is_refused_until_confirmed_and_other_schools_are_untouched()
    {
        // The export holds one pupil of the leaver's school and nobody else: its school empties, the others are not in it.
        var kept = Export.Pupils.First(p => p.School == LeaverSchool);
        var onlyOne = Source(Only(Export, kept.StudentNumber));
        var schoolPupils = Export.Pupils.Count(p => p.School == LeaverSchool);
        var before = await VaultSnapshotAsync();

        var preview = await _host.Import.PreviewAsync(onlyOne, RosterImportMode.Full);
        var refused = await _host.Import.CommitAsync(onlyOne, RosterImportMode.Full);

        var school = Assert.Single(preview.Leavers);
        Assert.Equal((LeaverSchool, schoolPupils - 1, schoolPupils, true), (school.School, school.Leaving, school.Active, school.PastShare));
        Assert.True(preview.NeedsConfirmation);
        Assert.False(refused.Committed);
        Assert.True(refused.NeedsConfirmation);
        Assert.Equal(before, await VaultSnapshotAsync());

        var confirmed = await _host.Import.CommitAsync(onlyOne, RosterImportMode.Full with { LeaversConfirmed = true });

        Assert.True(confirmed.Committed);
        Assert.Equal(schoolPupils - 1, confirmed.Absent);
        await using var vault = _host.Vault();
        var active = await vault.Students.Where(s => s.DeactivatedAt == null).Select(s => s.StudentNumber).ToListAsync();
        Assert.Equal(Export.Pupils.Where(p => p.School != LeaverSchool).Select(p => p.StudentNumber).Append(kept.StudentNumber).Order(StringComparer.Ordinal),
            active.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_leaving_share_and_the_grace_are_settings()
    {
        await using var lenient = await RosterHost.StartAsync("--Rosters:MaxLeavingPercent=100", "--Rosters:LeaverGraceDays=0");
        await lenient.Import.CommitAsync(Source(Export));
        var kept = Export.Pupils.First(p => p.School == LeaverSchool);
        var leaver = Export.Pupils.Last(p => p.School == LeaverSchool);
        var keptCard = Support.Roster.RandomToken();
        var leaverCard = Support.Roster.RandomToken();
        await lenient.Get<EnrollmentService>().ReissueCardAsync(kept.StudentNumber, keptCard);
        await lenient.Get<EnrollmentService>().ReissueCardAsync(leaver.StudentNumber, leaverCard);

        var result = await lenient.Import.CommitAsync(Source(Only(Export, kept.StudentNumber)), RosterImportMode.Full);
        await lenient.Get<LeaverCardRevoker>().RevokeDueAsync();

        Assert.True(result.Committed);
        Assert.False(result.NeedsConfirmation);
        var school = Assert.Single(result.Leavers);
        Assert.Equal((DateOnly.FromDateTime(lenient.Clock.GetUtcNow().UtcDateTime), LeaverForecast.NoSiteZone), (school.RevokedOn, school.TimeZone));
        await using var vault = lenient.Vault();
        Assert.Equal(CardStatus.Issued, (await vault.Cards.SingleAsync(c => c.CardToken == keptCard.Value)).Status);
        Assert.Equal(CardStatus.Revoked, (await vault.Cards.SingleAsync(c => c.CardToken == leaverCard.Value)).Status);
    }

    internal static RosterSource Source(SyntheticOneRoster roster) => RosterSource.FromTexts(roster.Files());

    /// <summary>The export with one pupil left out: their user row, their guardian's and their class enrollment.</summary>
    internal static SyntheticOneRoster Without(SyntheticOneRoster roster, string studentNumber) =>
        roster.Keeping(id => id != studentNumber[1..]);

    /// <summary>The export of one pupil alone (and their guardian).</summary>
    internal static SyntheticOneRoster Only(SyntheticOneRoster roster, string studentNumber) =>
        roster.Keeping(id => id == studentNumber[1..]);

    private async Task<CardToken> GiveCardAsync(string studentNumber)
    {
        var token = Support.Roster.RandomToken();
        await _host.Get<EnrollmentService>().ReissueCardAsync(studentNumber, token);
        return token;
    }

    private async Task<Student> StudentAsync(string studentNumber)
    {
        await using var vault = _host.Vault();
        return await vault.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == studentNumber);
    }

    private async Task<CardStatus> CardStatusAsync(CardToken token)
    {
        await using var vault = _host.Vault();
        return (await vault.Cards.SingleAsync(c => c.CardToken == token.Value)).Status;
    }

    private async Task<bool> HasEntitlementAsync(string pseudonym)
    {
        await using var store = _host.Store();
        return await store.Entitlements.AnyAsync(e => e.Pseudonym == pseudonym);
    }

    private async Task<string> VaultSnapshotAsync()
    {
        await using var vault = _host.Vault();
        var students = await vault.Students.OrderBy(s => s.Id).Select(s => $"{s.SourcedId}|{s.FamilyName}|{s.DeactivatedAt}").ToListAsync();
        var cards = await vault.Cards.OrderBy(c => c.Id).Select(c => $"{c.StudentId}|{c.Status}").ToListAsync();
        return $"{string.Join(';', students)}#{string.Join(';', cards)}#{await vault.StudentGuardians.CountAsync()}";
    }
}
