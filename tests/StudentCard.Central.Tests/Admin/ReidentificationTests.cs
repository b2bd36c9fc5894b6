using System.Net;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Pseudonym → person through the vault: a reason is required, the look-up is audited, and a school admin's reach ends at their school.</summary>
public sealed class ReidentificationTests : IAsyncLifetime
{
    private AdminSite _site = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _otherSchoolPupil = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        var roster = SyntheticRoster.Generate(30);
        _pupil = roster.First();
        _otherSchoolPupil = roster.First(s => s.School != _pupil.School);
        var keys = _site.Central.Keys;
        await _site.Central.Services.EnrollAsync([_pupil, _otherSchoolPupil]);
        await _site.Central.Services.GiveAsync([(_pupil, Roster.Valid(ReaderType.Gate)), (_pupil, Roster.Valid(ReaderType.Bus)), (_otherSchoolPupil, Roster.Valid(ReaderType.Gate))]);
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Without_a_reason_nothing_is_shown_or_looked_up_and_with_one_the_person_is_shown_and_audited()
    {
        var pseudonym = GatePseudonym(_pupil);
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, _pupil.School);
        var before = (await _site.AuditAsync()).Count;

        var refused = await (await PostAsync(client, pseudonym, "")).Content.ReadAsStringAsync();
        Assert.Contains("State the reason", refused);
        Assert.DoesNotContain(_pupil.FamilyName, refused);
        Assert.Equal(before, (await _site.AuditAsync()).Count);

        var shown = await (await PostAsync(client, pseudonym, "Pupil reported missing after the fire drill")).Content.ReadAsStringAsync();
        Assert.Contains(_pupil.FamilyName, shown);
        Assert.Contains(_pupil.StudentNumber, shown);
        var entry = (await _site.AuditAsync()).Last();
        Assert.Equal(("sam", AuditActions.Reidentification, $"gate:{pseudonym}"), (entry.Actor, entry.Action, entry.Subject));
        Assert.StartsWith("Pupil reported missing after the fire drill", entry.Reason);
        Assert.DoesNotContain(_pupil.FamilyName, entry.Reason + entry.Subject);
    }

    [Fact]
    public async Task A_school_admin_cannot_re_identify_another_schools_pupil_but_the_attempt_is_audited()
    {
        var pseudonym = GatePseudonym(_otherSchoolPupil);
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, _pupil.School);

        var page = await (await PostAsync(client, pseudonym, "Checking a passage at our gate")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_otherSchoolPupil.FamilyName, page);
        Assert.Contains("No card of your school has this pseudonym", page);
        Assert.Contains(await _site.AuditAsync(), e => e.Action == AuditActions.Reidentification && e.Subject == $"gate:{pseudonym}");
    }

    [Fact]
    public async Task A_school_admin_re_identifies_gate_pseudonyms_only_whatever_the_form_says()
    {
        var busPseudonym = Roster.Pseudonym(Roster.Token(_pupil, _site.Central.Keys), ReaderType.Bus, _site.Central.Keys);
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, _pupil.School);

        var page = await (await PostAsync(client, busPseudonym, "Trying a bus pseudonym here", purpose: "bus")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_pupil.FamilyName, page);
        Assert.Contains(await _site.AuditAsync(), e => e.Subject == $"gate:{busPseudonym}");
    }

    [Fact]
    public async Task The_dpo_re_identifies_any_purpose_in_any_school()
    {
        var busPseudonym = Roster.Pseudonym(Roster.Token(_pupil, _site.Central.Keys), ReaderType.Bus, _site.Central.Keys);
        using var client = await SignedInAsync("dora", StaffRole.Dpo);

        Assert.Contains(_pupil.FamilyName, await (await PostAsync(client, busPseudonym, "Access request from the guardian", purpose: "bus")).Content.ReadAsStringAsync());
        Assert.Contains(_otherSchoolPupil.FamilyName, await (await PostAsync(client, GatePseudonym(_otherSchoolPupil), "Erasure request, confirming identity", purpose: "gate")).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Librarian)]
    [InlineData(StaffRole.Operator)]
    public async Task Other_roles_cannot_reach_re_identification(StaffRole role)
    {
        using var client = await SignedInAsync("someone", role);
        var response = await client.GetAsync("/Reidentification");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("not-a-pseudonym")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_malformed_pseudonym_is_refused_before_any_look_up(string pseudonym)
    {
        using var client = await SignedInAsync("dora", StaffRole.Dpo);
        var page = await (await PostAsync(client, pseudonym, "A good enough reason", purpose: "gate")).Content.ReadAsStringAsync();
        Assert.Contains("32 lowercase hexadecimal characters", page);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == AuditActions.Reidentification);
    }

    private string GatePseudonym(SyntheticStudent student) =>
        Roster.Pseudonym(Roster.Token(student, _site.Central.Keys), ReaderType.Gate, _site.Central.Keys);

    private static Task<HttpResponseMessage> PostAsync(AdminClient client, string pseudonym, string reason, string purpose = "gate") =>
        client.PostFormAsync("/Reidentification", new Dictionary<string, string> { ["Pseudonym"] = pseudonym, ["Reason"] = reason, ["Purpose"] = purpose });

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }
}
