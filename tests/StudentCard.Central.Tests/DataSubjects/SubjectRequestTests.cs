using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;

namespace StudentCard.Central.Tests.DataSubjects;

public sealed class SubjectRequestTests : IAsyncLifetime
{
    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await RosterHost.StartAsync(DsrPupil.Places);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private SubjectRequests Requests => _host.Get<SubjectRequests>();

    [Theory]
    [InlineData("", 2011, false)]   // default 16: possibly 14
    [InlineData("", 2009, true)]    // possibly 16
    [InlineData("FR", 2011, false)] // 15
    [InlineData("FR", 2010, true)]
    [InlineData("BG", 2011, true)]  // 14
    [InlineData("bg", 2012, false)]
    public async Task Below_the_age_of_digital_consent_of_the_configured_country_only_a_guardian_opens_a_request(string country, int birthYear, bool studentMayAct)
    {
        var (pupil, _) = DsrPupil.Make(birthYear);
        await DsrPupil.EnrollAsync(_host, pupil);
        var requests = new SubjectRequests(
            _host.Get<IDbContextFactory<VaultDbContext>>(), Options.Create(new DataSubjectOptions { Country = country }), _host.Clock, _host.Get<AuditLog>());

        var byStudent = await Record.ExceptionAsync(() => requests.OpenAsync(pupil.StudentNumber, RequestKind.Access, RequesterRole.Student));
        var byGuardian = await requests.OpenAsync(pupil.StudentNumber, RequestKind.Access, RequesterRole.Guardian);

        Assert.Equal(studentMayAct, byStudent is null);
        if (byStudent is not null)
        {
            Assert.IsType<DataSubjectException>(byStudent);
            Assert.Contains("a guardian acts", byStudent.Message);
        }
        Assert.Equal(RequestStatus.Received, byGuardian.Status);
    }

    [Theory]
    [InlineData("", 12, "DefaultAgeOfConsent")]
    [InlineData("", 17, "DefaultAgeOfConsent")]
    [InlineData("France", 16, "Country")]
    public void Consent_settings_outside_what_GDPR_allows_are_refused(string country, int age, string setting)
    {
        var options = new DataSubjectOptions { Country = country, DefaultAgeOfConsent = age };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains(setting));
    }

    [Fact]
    public async Task A_country_age_outside_13_to_16_stops_Centrals_start()
    {
        using var directory = new TempDirectory();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            RetentionCentral.StartAsync(directory, RetentionCentral.Clock(), "--DataSubjects:AgeOfConsentByCountry:DE=12"));
        Assert.Contains("AgeOfConsentByCountry:DE is 12", error.Message);
    }

    [Fact]
    public async Task The_answer_is_due_in_30_days_and_an_extension_of_at_most_two_months_needs_a_reason_within_the_first_month()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);
        var request = await Requests.OpenAsync(pupil.StudentNumber, RequestKind.Access, RequesterRole.Guardian);
        Assert.Equal(RetentionCentral.T0.AddDays(30), request.DueAt);

        await Assert.ThrowsAsync<DataSubjectException>(() => Requests.ExtendAsync(request.Id, 30, " "));
        var extended = await Requests.ExtendAsync(request.Id, 40, "many requests this month");
        Assert.Equal(RetentionCentral.T0.AddDays(70), extended.DueAt);
        Assert.Equal((40, "many requests this month"), (extended.ExtensionDays, extended.ExtensionReason));
        var tooLong = await Assert.ThrowsAsync<DataSubjectException>(() => Requests.ExtendAsync(request.Id, 22, "still more"));
        Assert.Contains("1 to 21 more days", tooLong.Message);
        await Requests.ExtendAsync(request.Id, 21, "complex request");

        var late = await Requests.OpenAsync(pupil.StudentNumber, RequestKind.Portability, RequesterRole.Guardian);
        _host.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Contains("first month has passed", (await Assert.ThrowsAsync<DataSubjectException>(() => Requests.ExtendAsync(late.Id, 10, "late"))).Message);
        Assert.Equal(RetentionCentral.T0.AddDays(91), (await Requests.GetAsync(request.Id)).DueAt);
    }

    [Fact]
    public async Task No_answer_runs_before_identity_verification_and_a_refusal_keeps_its_reason_and_ends_the_request()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);
        var request = await Requests.OpenAsync(pupil.StudentNumber, RequestKind.Erasure, RequesterRole.Guardian);

        var unverified = await Assert.ThrowsAsync<DataSubjectException>(() => _host.Get<SubjectEraser>().EraseAsync(request.Id));
        Assert.Contains("dsr verify", unverified.Message);
        await Assert.ThrowsAsync<DataSubjectException>(() => Requests.VerifyAsync(request.Id, "", "dpo"));
        var refused = await Requests.RefuseAsync(request.Id, "the same erasure was asked and answered last week (repeated)");

        Assert.Equal(RequestStatus.Refused, refused.Status);
        Assert.Equal("the same erasure was asked and answered last week (repeated)", refused.RefusalReason);
        await Assert.ThrowsAsync<DataSubjectException>(() => Requests.VerifyAsync(request.Id, "ID card", "dpo"));
        await using var vault = _host.Vault();
        Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == pupil.StudentNumber));
        Assert.Contains("repeated", await AuditReasonsAsync(request.Id));
    }

    [Fact]
    public async Task One_copy_a_calendar_year_is_free()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);

        var first = await ExportAsync(pupil.StudentNumber, RequestKind.Access);
        var second = await ExportAsync(pupil.StudentNumber, RequestKind.Portability);
        _host.Clock.SetUtcNow(new DateTimeOffset(RetentionCentral.T0.Year + 1, 1, 2, 8, 0, 0, TimeSpan.Zero));
        var nextYear = await ExportAsync(pupil.StudentNumber, RequestKind.Access);

        Assert.Equal((true, false, true), (first.FreeCopy, second.FreeCopy, nextYear.FreeCopy));
        Assert.False((await Requests.GetAsync(second.RequestId)).FreeCopy);
    }

    [Fact]
    public async Task Rectification_corrects_the_vault_and_the_person_must_be_told_within_5_days_once()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);
        var request = await VerifiedAsync(pupil.StudentNumber, RequestKind.Rectification);

        var done = await _host.Get<SubjectActions>().RectifyAsync(request.Id, new Rectification(FamilyName: "Bexdortrofa-Ul", BirthYear: 2011));

        Assert.Equal("rectified: family name, birth year", done.Outcome);
        Assert.Equal(RetentionCentral.T0.AddDays(5), done.NotificationDueAt);
        await using (var vault = _host.Vault())
        {
            var student = await vault.Students.SingleAsync(s => s.StudentNumber == pupil.StudentNumber);
            Assert.Equal(("Bexdortrofa-Ul", 2011, pupil.GivenName), (student.FamilyName, student.BirthYear, student.GivenName));
        }
        Assert.Single(await Requests.ListAsync(openOnly: true));
        _host.Clock.Advance(TimeSpan.FromDays(2));
        var notified = await Requests.NotifyAsync(request.Id, "letter to the guardian");
        Assert.Equal(RetentionCentral.T0.AddDays(2), notified.NotifiedAt);
        await Assert.ThrowsAsync<DataSubjectException>(() => Requests.NotifyAsync(request.Id, "again"));
        Assert.Empty(await Requests.ListAsync(openOnly: true));
        Assert.DoesNotContain("Bexdortrofa", await AuditReasonsAsync(request.Id));
    }

    [Fact]
    public async Task Restriction_suspends_the_entitlements_and_keeps_the_data_until_it_is_lifted()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);
        var pseudonyms = DsrPupil.Pseudonyms(_host, pupil).Select(p => p.Value).ToList();
        var request = await VerifiedAsync(pupil.StudentNumber, RequestKind.Restriction);

        await _host.Get<SubjectActions>().RestrictAsync(request.Id);

        Assert.Equal(0, await EntitlementsAsync(pseudonyms));
        await using (var vault = _host.Vault())
        {
            var student = await vault.Students.SingleAsync(s => s.StudentNumber == pupil.StudentNumber);
            Assert.NotNull(student.RestrictedAt);
            Assert.Equal(3, await vault.StudentPurposes.CountAsync(p => p.StudentId == student.Id));
        }

        Assert.Equal(3, await _host.Get<SubjectActions>().LiftRestrictionAsync(request.Id));
        Assert.Equal(3, await EntitlementsAsync(pseudonyms));
        // Given back as granted: where and when the pupil may pass comes from the vault's grants, not from the removed rows.
        await using var store = _host.Store();
        var restored = await store.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).ToDictionaryAsync(e => e.Purpose, e => (e.Places, e.Schedule));
        Assert.Equal(("north/main", "pupils"), restored[ReaderType.Gate]);
        Assert.Equal(("r1", (string?)null), restored[ReaderType.Bus]);
        Assert.Equal(((string?)null, (string?)null), restored[ReaderType.Library]);
    }

    [Fact]
    public async Task An_objection_stops_one_purpose_and_leaves_the_others()
    {
        var (pupil, _) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil);
        await DsrPupil.PassAsync(_host, pupil, TimeSpan.FromMinutes(30));
        var request = await Requests.OpenAsync(pupil.StudentNumber, RequestKind.Objection, RequesterRole.Guardian, purpose: ReaderType.Bus);
        await Requests.VerifyAsync(request.Id, "ID card", "dpo");

        var done = await _host.Get<SubjectActions>().ObjectAsync(request.Id);

        Assert.Equal("objection to bus upheld: grant removed, 1 entitlements and 1 passages deleted", done.Outcome);
        await using var store = _host.Store();
        Assert.Equal([ReaderType.Gate, ReaderType.Library], (await store.Passages.Select(p => p.Purpose).ToListAsync()).Order());
        Assert.Equal([ReaderType.Gate, ReaderType.Library], (await store.Entitlements.Select(p => p.Purpose).ToListAsync()).Order());
        await using var vault = _host.Vault();
        Assert.DoesNotContain(ReaderType.Bus, await vault.StudentPurposes.Select(p => p.Purpose).ToListAsync());
        await Assert.ThrowsAsync<DataSubjectException>(() => Requests.OpenAsync(pupil.StudentNumber, RequestKind.Objection, RequesterRole.Guardian));
    }

    private async Task<SubjectExportDocument> ExportAsync(string studentNumber, RequestKind kind) =>
        await _host.Get<SubjectExporter>().ExportAsync((await VerifiedAsync(studentNumber, kind)).Id);

    private async Task<SubjectRequest> VerifiedAsync(string studentNumber, RequestKind kind)
    {
        var request = await Requests.OpenAsync(studentNumber, kind, RequesterRole.Guardian);
        return await Requests.VerifyAsync(request.Id, "ID card seen at the office", "dpo");
    }

    private async Task<int> EntitlementsAsync(List<string> pseudonyms)
    {
        await using var store = _host.Store();
        return await store.Entitlements.CountAsync(e => pseudonyms.Contains(e.Pseudonym));
    }

    private async Task<string> AuditReasonsAsync(long requestId)
    {
        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var subject = $"subject request {requestId}";
        var entries = await audit.Entries.Where(e => e.Subject == subject).Select(e => e.Reason).ToListAsync();
        Assert.NotEmpty(entries);
        return string.Join("\n", entries);
    }
}
