using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>A school admin's card work: report lost or revoke with a reason (audited), only for their school's pupils, and open a new card at a desk.</summary>
public sealed class CardsPageTests : IAsyncLifetime
{
    private AdminSite _site = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _otherSchoolPupil = null!;

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public async Task InitializeAsync()
    {
        var bySchool = SyntheticRoster.Generate(40).GroupBy(s => s.School).ToList();
        _pupil = bySchool[0].First();
        _otherSchoolPupil = bySchool[1].First();
        // The pupil's school has the site north, in Europe/Paris.
        _site = await AdminSite.StartAsync([.. Safety.SchoolSettings.Arguments, $"--Access:Sites:0:School={_pupil.School}"]);
        await _site.Central.Services.EnrollAsync([_pupil, _otherSchoolPupil]);
        await _site.Central.Services.GiveAsync([(_pupil, Roster.Valid(ReaderType.Gate)), (_pupil, Roster.Valid(ReaderType.Bus)), (_otherSchoolPupil, Roster.Valid(ReaderType.Gate))]);
        await _site.Central.Services.GetRequiredService<DeskRegistry>().RegisterAsync("desk-1");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<AdminClient> SchoolAdminAsync()
    {
        var password = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, _pupil.School);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("sam", password)).StatusCode);
        return client;
    }

    private async Task<Card> CardAsync(SyntheticStudent pupil)
    {
        await using var vault = _site.Central.VaultDb();
        return await vault.Cards.AsNoTracking().SingleAsync(c => c.CardToken == Roster.Token(pupil, _site.Central.Keys).Value);
    }

    private Task<HttpResponseMessage> PostAsync(AdminClient client, string handler, string number, long cardId, string reason) =>
        client.PostFormAsync("/Cards", new Dictionary<string, string>
        {
            ["Number"] = number,
            ["CardId"] = cardId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reason"] = reason,
        }, handler: handler);

    [Fact]
    public async Task A_school_admin_reports_a_card_lost_with_a_reason_and_it_is_listed_lost_and_audited()
    {
        using var client = await SchoolAdminAsync();
        var card = await CardAsync(_pupil);

        var found = await client.TextAsync($"/Cards?Number={_pupil.StudentNumber}");
        Assert.Contains($"#{card.Id}", found);
        Assert.Contains("Issued", found);
        Assert.DoesNotContain(card.CardToken, found);
        Assert.DoesNotContain(_pupil.FamilyName, found);

        var page = await (await PostAsync(client, "Lost", _pupil.StudentNumber, card.Id, "Lost on the school trip")).Content.ReadAsStringAsync();
        Assert.Contains("The card is reported lost.", page);
        Assert.DoesNotContain(card.CardToken, page);

        Assert.Equal(CardStatus.Lost, (await CardAsync(_pupil)).Status);
        await using (var central = _site.Central.CentralDb())
        {
            var gate = Roster.Pseudonym(Roster.Token(_pupil, _site.Central.Keys), ReaderType.Gate, _site.Central.Keys);
            var bus = Roster.Pseudonym(Roster.Token(_pupil, _site.Central.Keys), ReaderType.Bus, _site.Central.Keys);
            var rows = await central.Entitlements.AsNoTracking().Where(e => e.Pseudonym == gate || e.Pseudonym == bus).ToListAsync();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(Core.Rules.CardStatus.Lost, r.Status));
        }
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action == AuditActions.CardRevoked && e.Actor == "sam");
        Assert.Equal(($"vault student {card.StudentId}", "Lost on the school trip"), (entry.Subject, entry.Reason));

        // A lost card is not offered for revoking again.
        var again = await (await PostAsync(client, "Revoke", _pupil.StudentNumber, card.Id, "Second attempt here")).Content.ReadAsStringAsync();
        Assert.Contains("This card is already lost.", again);
    }

    [Fact]
    public async Task Card_times_are_in_the_schools_zone_and_the_zone_is_named()
    {
        using var client = await SchoolAdminAsync();
        var card = await CardAsync(_pupil);
        await PostAsync(client, "Lost", _pupil.StudentNumber, card.Id, "Lost on the school trip");
        var lost = await CardAsync(_pupil);

        var page = await client.TextAsync($"/Cards?Number={_pupil.StudentNumber}");
        var issue = await (await client.PostFormAsync("/Cards", new Dictionary<string, string> { ["Number"] = _pupil.StudentNumber, ["Desk"] = "desk-1" }, handler: "Issue"))
            .Content.ReadAsStringAsync();
        var expires = _site.Central.Services.GetRequiredService<PendingEnrollments>().Find("desk-1")!.ExpiresAt;

        Assert.Contains("Times are in Europe/Paris.", page);
        Assert.Contains($"<td>{TimeZoneInfo.ConvertTime(lost.IssuedAt, Paris):yyyy-MM-dd HH:mm}</td>", page);
        Assert.Contains($"<td>{TimeZoneInfo.ConvertTime(lost.RevokedAt!.Value, Paris):yyyy-MM-dd HH:mm}</td>", page);
        Assert.DoesNotContain("UTC", page);
        Assert.Contains($"Desk desk-1 is waiting for the new card until {TimeZoneInfo.ConvertTime(expires, Paris):HH:mm} (Europe/Paris): tap it there.", issue);
    }

    [Fact]
    public async Task A_missing_reason_is_refused_and_changes_nothing()
    {
        using var client = await SchoolAdminAsync();
        var card = await CardAsync(_pupil);

        var page = await (await PostAsync(client, "Revoke", _pupil.StudentNumber, card.Id, " ")).Content.ReadAsStringAsync();
        Assert.Contains("State a reason", page);
        Assert.Equal(CardStatus.Issued, (await CardAsync(_pupil)).Status);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == AuditActions.CardRevoked);
    }

    [Fact]
    public async Task Another_schools_pupil_is_not_found_and_cannot_be_revoked()
    {
        using var client = await SchoolAdminAsync();
        var card = await CardAsync(_otherSchoolPupil);

        var found = await client.TextAsync($"/Cards?Number={_otherSchoolPupil.StudentNumber}");
        Assert.Contains("No pupil with this student number at your school.", found);
        Assert.DoesNotContain($"#{card.Id}", found);

        var page = await (await PostAsync(client, "Lost", _otherSchoolPupil.StudentNumber, card.Id, "Not my pupil at all")).Content.ReadAsStringAsync();
        Assert.Contains("No pupil with this student number at your school.", page);
        Assert.Equal(CardStatus.Issued, (await CardAsync(_otherSchoolPupil)).Status);
    }

    [Fact]
    public async Task Issuing_a_new_card_opens_a_pending_enrollment_at_the_chosen_desk()
    {
        using var client = await SchoolAdminAsync();

        var page = await (await client.PostFormAsync("/Cards", new Dictionary<string, string>
        {
            ["Number"] = _pupil.StudentNumber,
            ["Desk"] = "desk-1",
        }, handler: "Issue")).Content.ReadAsStringAsync();

        Assert.Contains("Desk desk-1 is waiting for the new card", page);
        var pending = _site.Central.Services.GetRequiredService<PendingEnrollments>().Find("desk-1");
        Assert.NotNull(pending);
        Assert.Equal((_pupil.StudentNumber, DeskEnrollmentKind.Reissue), (pending.StudentNumber, pending.Kind));
    }

    [Fact]
    public async Task A_card_bound_at_the_desk_to_a_pupil_without_rights_is_shown_as_opening_nothing()
    {
        var newcomer = SyntheticRoster.Generate(40).Where(s => s.School == _pupil.School).Skip(1).First();
        Assert.True((await _site.Central.Services.GetRequiredService<RosterImport>().CommitAsync(RosterSource.FromTexts(SyntheticOneRoster.Of([newcomer]).Files()))).Committed);
        using var client = await SchoolAdminAsync();
        var desk = _site.Central.Services.GetRequiredService<DeskEnrollment>();

        var before = await client.TextAsync($"/Cards?Number={newcomer.StudentNumber}");
        await desk.OpenAsync("desk-1", newcomer.StudentNumber, DeskEnrollmentKind.FirstCard);
        var bound = await desk.SubmitAsync("desk-1", Roster.Token(newcomer, _site.Central.Keys));
        var after = await client.TextAsync($"/Cards?Number={newcomer.StudentNumber}");
        var withRights = await client.TextAsync($"/Cards?Number={_pupil.StudentNumber}");

        Assert.Equal((DeskBindingOutcome.Bound, false), (bound.Outcome, bound.PupilHasRights));
        Assert.Contains("This pupil has no rights yet: a card bound now opens no gate, bus or library", before);
        Assert.Contains("Card bound, but this pupil has no rights yet: no gate, bus or library will open.", after);
        Assert.DoesNotContain("no rights yet", withRights);
    }

    [Theory]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Dpo)]
    [InlineData(StaffRole.Operator)]
    public async Task Only_school_admins_reach_the_cards_page(StaffRole role)
    {
        var password = await _site.AccountAsync("someone", role);
        using var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("someone", password)).StatusCode);
        var response = await client.GetAsync("/Cards");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
    }
}
