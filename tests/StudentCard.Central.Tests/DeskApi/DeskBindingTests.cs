using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Rosters;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Local;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;

using CardStatus = StudentCard.Central.Vault.CardStatus;

namespace StudentCard.Central.Tests.DeskApi;

/// <summary>A staff member opens an enrollment at a desk, the desk submits the tapped card's token, Central binds it through EnrollmentService.</summary>
public sealed class DeskBindingTests : IAsyncLifetime
{
    private readonly IReadOnlyList<SyntheticStudent> _pupils = SyntheticRoster.Generate(3, seed: 303);
    private DeskFixture _desk = null!;

    public async Task InitializeAsync() => _desk = await DeskFixture.StartAsync();

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private static OpenEnrollmentRequest Open(SyntheticStudent pupil, EnrollmentKind kind) => new() { StudentNumber = pupil.StudentNumber, Kind = kind };

    [Fact]
    public async Task A_first_card_tapped_at_the_desk_is_bound_in_the_vault_and_its_purpose_pseudonyms_reach_the_allow_lists()
    {
        var pupil = _pupils[0];
        var studentId = await _desk.AddStudentWithoutCardAsync(pupil, CoreType.Gate, CoreType.Bus);
        var token = Roster.Token(pupil, _desk.Central.Keys);
        var client = _desk.Desk();

        var opened = await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.FirstCard));
        var reply = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = token.Value });

        Assert.Equal(EnrollmentOutcome.Bound, reply.Outcome);
        Assert.Equal(PupilRights.Held, reply.PupilRights);
        Assert.Equal("Card bound.", reply.Message);
        Assert.True(opened.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        await using (var vault = _desk.Central.VaultDb())
        {
            var card = await vault.Cards.SingleAsync();
            Assert.Equal((studentId, token.Value, CardStatus.Issued), (card.StudentId, card.CardToken, card.Status));
        }
        await using (var central = _desk.Central.CentralDb())
        {
            var pseudonyms = await central.Entitlements.Select(e => e.Pseudonym).ToListAsync();
            Assert.Equal(
                new[] { Roster.Pseudonym(token, CoreType.Gate, _desk.Central.Keys), Roster.Pseudonym(token, CoreType.Bus, _desk.Central.Keys) }.Order(),
                pseudonyms.Order());
            Assert.Equal([1L, 1L], await central.AllowListVersions.Where(v => v.Purpose == CoreType.Gate || v.Purpose == CoreType.Bus).Select(v => v.Version).ToListAsync());
        }
        var audit = await _desk.AuditAsync();
        Assert.Contains(audit, e => e.Action == DeskEnrollment.OpenAction && e.Actor == "desk desk-1" && e.Subject == $"vault student {studentId}");
        Assert.Contains(audit, e => e.Action == DeskEnrollment.BindAction && e.Actor == "desk desk-1" && e.Subject == $"vault student {studentId}");
        var written = string.Join("\n", audit.Select(e => $"{e.Actor} {e.Subject} {e.Reason}")) + reply.Message;
        Assert.DoesNotContain(pupil.GivenName, written);
        Assert.DoesNotContain(pupil.FamilyName, written);
        Assert.DoesNotContain(pupil.StudentNumber, written);
        Assert.DoesNotContain(token.Value, written);
    }

    [Fact]
    public async Task A_card_bound_to_a_pupil_imported_without_rights_says_so_and_lists_nowhere()
    {
        var pupil = _pupils[2];
        var import = await _desk.Central.Services.GetRequiredService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([pupil]).Files()));
        Assert.True(import.Committed);
        var token = Roster.Token(pupil, _desk.Central.Keys);
        var client = _desk.Desk();

        await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.FirstCard));
        var reply = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = token.Value });

        Assert.Equal((EnrollmentOutcome.Bound, PupilRights.None), (reply.Outcome, reply.PupilRights));
        Assert.Equal($"Card bound. {DeskEnrollment.NoRightsWarning}", reply.Message);
        Assert.Contains("no gate, bus or library will open", reply.Message);
        await using (var vault = _desk.Central.VaultDb())
        {
            Assert.Equal((token.Value, CardStatus.Issued), await vault.Cards.Select(c => ValueTuple.Create(c.CardToken, c.Status)).SingleAsync());
        }
        await using var central = _desk.Central.CentralDb();
        Assert.Empty(await central.Entitlements.ToListAsync());
    }

    [Fact]
    public async Task A_refused_tap_carries_no_rights_answer()
    {
        var reply = await _desk.Desk().SubmitCardAsync(new SubmitCardRequest { CardToken = Roster.RandomToken().Value });

        Assert.Equal((EnrollmentOutcome.NoPendingEnrollment, PupilRights.Unspecified), (reply.Outcome, reply.PupilRights));
    }

    [Fact]
    public async Task A_reissue_after_a_lost_card_binds_the_new_card_and_the_lost_one_stays_listed_as_lost()
    {
        var pupil = _pupils[1];
        var lost = Roster.Token(pupil, _desk.Central.Keys);
        await _desk.Central.Services.EnrollAsync([pupil], Roster.Valid(CoreType.Gate));
        await _desk.Central.Enrollment.RevokeCardAsync(lost, CardStatus.Lost);
        var replacement = Roster.RandomToken();
        var client = _desk.Desk();

        await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.Reissue));
        var reply = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = replacement.Value });

        Assert.Equal((EnrollmentOutcome.Bound, PupilRights.Held), (reply.Outcome, reply.PupilRights));
        Assert.Equal("Card bound; the student's earlier cards are revoked.", reply.Message);
        await using var vault = _desk.Central.VaultDb();
        var cards = await vault.Cards.OrderBy(c => c.Id).Select(c => new { c.CardToken, c.Status }).ToListAsync();
        Assert.Equal([(lost.Value, CardStatus.Lost), (replacement.Value, CardStatus.Issued)], cards.Select(c => (c.CardToken, c.Status)));
        await using var central = _desk.Central.CentralDb();
        var listed = await central.Entitlements.ToDictionaryAsync(e => e.Pseudonym, e => e.Status);
        Assert.Equal(2, listed.Count);
        Assert.Equal(Core.Rules.CardStatus.Active, listed[Roster.Pseudonym(replacement, CoreType.Gate, _desk.Central.Keys)]);
        Assert.Equal(Core.Rules.CardStatus.Lost, listed[Roster.Pseudonym(lost, CoreType.Gate, _desk.Central.Keys)]);
    }

    [Fact]
    public async Task A_reissue_while_the_old_card_is_still_issued_revokes_it()
    {
        var pupil = _pupils[2];
        var old = Roster.Token(pupil, _desk.Central.Keys);
        await _desk.Central.Services.EnrollAsync([pupil], Roster.Valid(CoreType.Library));
        var replacement = Roster.RandomToken();
        var client = _desk.Desk();

        await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.Reissue));
        var reply = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = replacement.Value });

        Assert.Equal(EnrollmentOutcome.Bound, reply.Outcome);
        await using var vault = _desk.Central.VaultDb();
        Assert.Equal(CardStatus.Revoked, await vault.Cards.Where(c => c.CardToken == old.Value).Select(c => c.Status).SingleAsync());
        await using var central = _desk.Central.CentralDb();
        Assert.Equal([Roster.Pseudonym(replacement, CoreType.Library, _desk.Central.Keys)], await central.Entitlements.Select(e => e.Pseudonym).ToListAsync());
    }

    [Fact]
    public async Task A_pending_enrollment_binds_one_card_only()
    {
        var pupil = _pupils[0];
        await _desk.AddStudentWithoutCardAsync(pupil, CoreType.Gate);
        var client = _desk.Desk();
        await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.FirstCard));
        Assert.Equal(EnrollmentOutcome.Bound, (await client.SubmitCardAsync(new SubmitCardRequest { CardToken = Roster.Token(pupil, _desk.Central.Keys).Value })).Outcome);
        var before = await _desk.StoresAsync();

        var second = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = Roster.RandomToken().Value });

        Assert.Equal(EnrollmentOutcome.NoPendingEnrollment, second.Outcome);
        Assert.Equal(before, await _desk.StoresAsync());
    }

    [Fact]
    public async Task A_cancelled_enrollment_binds_nothing()
    {
        var pupil = _pupils[0];
        await _desk.AddStudentWithoutCardAsync(pupil, CoreType.Gate);
        var client = _desk.Desk();
        await client.OpenEnrollmentAsync(Open(pupil, EnrollmentKind.FirstCard));
        var before = await _desk.StoresAsync();

        var cancelled = await client.CancelEnrollmentAsync(new CancelEnrollmentRequest());
        var reply = await client.SubmitCardAsync(new SubmitCardRequest { CardToken = Roster.Token(pupil, _desk.Central.Keys).Value });

        Assert.True(cancelled.Cancelled);
        Assert.Equal(EnrollmentOutcome.NoPendingEnrollment, reply.Outcome);
        Assert.Equal(before, await _desk.StoresAsync());
    }
}
