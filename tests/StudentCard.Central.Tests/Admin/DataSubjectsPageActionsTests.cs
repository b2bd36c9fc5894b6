using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.DataSubjects;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// Every data-subject action on the DPO's page over real loopback HTTP, against a Central on a fake
/// clock: refusal, rectification, restriction and its lifting, objection and the notification change the
/// stores as the services say; a missing reason or field, or a missing verification, is refused with
/// a message and changes nothing; other roles are turned away.
/// </summary>
public sealed class DataSubjectsPageActionsTests : IAsyncLifetime
{
    private const string Page = "/DataSubjects";

    private RosterHost _host = null!;
    private SyntheticStudent _pupil = null!;
    private SyntheticStudent _other = null!;
    private readonly Dictionary<string, string> _passwords = [];

    public async Task InitializeAsync()
    {
        _host = await RosterHost.StartAsync(DsrPupil.Places);
        (_pupil, _other) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, _pupil, _other);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private SubjectRequests Requests => _host.Get<SubjectRequests>();

    [Fact]
    public async Task A_refusal_needs_a_reason_and_the_typed_number_then_records_the_reason_and_closes_the_request()
    {
        using var dpo = await SignInAsync("dana", StaffRole.Dpo);
        var request = await Requests.OpenAsync(_pupil.StudentNumber, RequestKind.Erasure, RequesterRole.Guardian);

        var noReason = await PostAsync(dpo, "Refuse", request.Id, ("Reason", "  "), ("Confirmation", Id(request)));
        Assert.Contains("A refusal needs its reason", Error(noReason));
        var wrongNumber = await PostAsync(dpo, "Refuse", request.Id, ("Reason", "asked and answered last week (repeated)"), ("Confirmation", "0"));
        Assert.Contains($"Type the request number ({request.Id})", Error(wrongNumber));
        Assert.Equal((RequestStatus.Received, (string?)null), await StateAsync(request.Id, r => (r.Status, r.RefusalReason)));

        // Within the 30-minute session, so the same sign-in carries on.
        _host.Clock.Advance(TimeSpan.FromMinutes(20));
        var refused = await PostAsync(dpo, "Refuse", request.Id, ("Reason", "asked and answered last week (repeated)"), ("Confirmation", Id(request)));

        Assert.Contains($"Request {request.Id} refused", refused);
        var stored = await Requests.GetAsync(request.Id);
        Assert.Equal((RequestStatus.Refused, "asked and answered last week (repeated)", RetentionCentral.T0.AddMinutes(20)),
            (stored.Status, stored.RefusalReason, stored.RefusedAt));
        var card = Card(await dpo.TextAsync(Page), request.Id);
        Assert.Contains("asked and answered last week (repeated)", card);
        Assert.Contains("refused 2026-09-01, within the deadline", card);
        Assert.DoesNotContain("handler=Extend", card);
        Assert.DoesNotContain("handler=Refuse", card);
        // The pupil is untouched by a refused erasure.
        await using (var vault = _host.Vault())
        {
            Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == _pupil.StudentNumber));
        }
        var audit = await AuditAsync(request.Id);
        Assert.Contains(audit, e => e.Actor == "dana" && e.Reason == "refusal recorded on the admin page");
        Assert.Contains(audit, e => e.Reason == "refused: asked and answered last week (repeated)");
        Assert.DoesNotContain(audit, e => e.Reason.Contains(_pupil.FamilyName, StringComparison.Ordinal));

        // A closed request is not refused twice.
        var again = await PostAsync(dpo, "Refuse", request.Id, ("Reason", "again"), ("Confirmation", Id(request)));
        Assert.Contains("is already refused", Error(again));
    }

    [Fact]
    public async Task The_page_shows_that_the_years_free_copy_was_used_and_a_repeated_copy_request_is_refused_from_it()
    {
        using var dpo = await SignInAsync("dana", StaffRole.Dpo);
        var first = await OpenThroughPageAsync(dpo, RequestKind.Access);
        Assert.Contains("no copy given this calendar year", Card(await dpo.TextAsync(Page), first));
        Assert.Contains($"Request {first}'s identity verification is not recorded yet", Error(await PostAsync(dpo, "Export", first)));
        await VerifyThroughPageAsync(dpo, first);

        var download = await dpo.PostFormAsync(Page, Fields(first), handler: "Export");
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        using (var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync()))
        {
            Assert.True(json.RootElement.GetProperty("freeCopy").GetBoolean());
        }

        var second = await OpenThroughPageAsync(dpo, RequestKind.Portability);
        var page = await dpo.TextAsync(Page);
        Assert.Contains("the free copy of its year", Card(page, first));
        Assert.Contains($"already had a copy this calendar year (request {first}, 2026-09-01)", Card(page, second));

        var refused = await PostAsync(dpo, "Refuse", second, ("Reason", "a second copy within a week (repeated)"), ("Confirmation", Id(second)));
        Assert.Contains($"Request {second} refused", refused);
        Assert.Equal(RequestStatus.Refused, (await Requests.GetAsync(second)).Status);
    }

    [Fact]
    public async Task Rectification_waits_for_the_verification_needs_a_field_and_then_changes_the_vault()
    {
        using var dpo = await SignInAsync("dana", StaffRole.Dpo);
        var request = await OpenThroughPageAsync(dpo, RequestKind.Rectification);
        var card = Card(await dpo.TextAsync(Page), request);
        Assert.Contains("not verified yet", card);
        Assert.DoesNotContain("handler=Rectify", card);

        var unverified = await PostAsync(dpo, "Rectify", request, ("FamilyName", "Bexdortrofa-Ul"));
        Assert.Contains($"Request {request}'s identity verification is not recorded yet", Error(unverified));
        Assert.Equal(_pupil.FamilyName, await VaultAsync(s => s.FamilyName));

        await VerifyThroughPageAsync(dpo, request);
        Assert.Contains("handler=Rectify", Card(await dpo.TextAsync(Page), request));
        var nothing = await PostAsync(dpo, "Rectify", request, ("GivenName", " "), ("FamilyName", ""));
        Assert.Contains("A rectification names at least one corrected field.", Error(nothing));
        var notAYear = await PostAsync(dpo, "Rectify", request, ("FamilyName", "Bexdortrofa-Ul"), ("BirthYear", "twenty-eleven"));
        Assert.Contains("The corrected birth year must be a year", Error(notAYear));
        var tooOld = await PostAsync(dpo, "Rectify", request, ("FamilyName", "Bexdortrofa-Ul"), ("BirthYear", "1950"));
        Assert.Contains("A pupil's birth year lies between", Error(tooOld));
        Assert.Equal((_pupil.FamilyName, _pupil.BirthYear), await VaultAsync(s => (s.FamilyName, s.BirthYear)));
        Assert.Equal(RequestStatus.Verified, (await Requests.GetAsync(request)).Status);

        var done = await PostAsync(dpo, "Rectify", request,
            ("FamilyName", "Bexdortrofa-Ul"), ("BirthYear", "2011"), ("ClassName", "7B"), ("GuardianName", "Pelnyul Bexdortrofa-Ul"));

        Assert.Contains("rectified: family name, class, guardian name, birth year", done);
        Assert.Equal(("Bexdortrofa-Ul", 2011, "7B", "Pelnyul Bexdortrofa-Ul", _pupil.GivenName, _pupil.School),
            await VaultAsync(s => (s.FamilyName, s.BirthYear, s.ClassName, s.GuardianName, s.GivenName, s.School)));
        var stored = await Requests.GetAsync(request);
        Assert.Equal((RequestStatus.Completed, RetentionCentral.T0.AddDays(5)), (stored.Status, stored.NotificationDueAt));
        card = Card(await dpo.TextAsync(Page), request);
        Assert.Contains("rectified: family name, class, guardian name, birth year", card);
        Assert.Contains("due 2026-09-06 (5 days left)", card);
        Assert.Contains("handler=Notify", card);
    }

    [Fact]
    public async Task Restriction_takes_the_pupils_entitlements_off_the_allow_lists_and_lifting_restores_them_with_places_and_schedule()
    {
        using var dpo = await SignInAsync("dana", StaffRole.Dpo);
        var pseudonyms = DsrPupil.Pseudonyms(_host, _pupil).Select(p => p.Value).ToList();
        var others = DsrPupil.Pseudonyms(_host, _other).Select(p => p.Value).ToList();
        var before = await EntitlementsAsync(pseudonyms);
        Assert.Equal(3, before.Count);
        var versions = await VersionsAsync();
        var request = await OpenThroughPageAsync(dpo, RequestKind.Restriction);

        var unverified = await PostAsync(dpo, "Restrict", request);
        Assert.Contains("identity verification is not recorded yet", Error(unverified));
        Assert.Equal(3, (await EntitlementsAsync(pseudonyms)).Count);

        await VerifyThroughPageAsync(dpo, request);
        var restricted = await PostAsync(dpo, "Restrict", request);

        Assert.Contains("processing restricted: 3 entitlements suspended, data kept", restricted);
        Assert.Empty(await EntitlementsAsync(pseudonyms));
        Assert.Equal(3, (await EntitlementsAsync(others)).Count);
        var suspended = await VersionsAsync();
        Assert.All(ReaderTypes.All, p => Assert.Equal(versions[p] + 1, suspended[p]));
        Assert.NotNull(await VaultAsync(s => s.RestrictedAt));
        var card = Card(await dpo.TextAsync(Page), request);
        Assert.Contains("in force since 2026-09-01", card);
        Assert.Contains("handler=Lift", card);

        var lifted = await PostAsync(dpo, "Lift", request);

        Assert.Contains($"Request {request}: restriction lifted, 3 entitlements restored.", lifted);
        var restored = await EntitlementsAsync(pseudonyms);
        Assert.Equal(before.OrderBy(e => e.Purpose).Select(e => (e.Purpose, e.Pseudonym, e.Places, e.Schedule, e.ValidFrom, e.ValidUntil)),
            restored.OrderBy(e => e.Purpose).Select(e => (e.Purpose, e.Pseudonym, e.Places, e.Schedule, e.ValidFrom, e.ValidUntil)));
        Assert.Equal(("north/main", "pupils"), restored.Where(e => e.Purpose == ReaderType.Gate).Select(e => (e.Places, e.Schedule)).Single());
        var back = await VersionsAsync();
        Assert.All(ReaderTypes.All, p => Assert.Equal(versions[p] + 2, back[p]));
        Assert.Null(await VaultAsync(s => s.RestrictedAt));
        card = Card(await dpo.TextAsync(Page), request);
        Assert.Contains("lifted", card);
        Assert.DoesNotContain("handler=Lift", card);
        Assert.Contains(await AuditAsync(request), e => e.Actor == "dana" && e.Reason == "restriction lifted on the admin page");

        // Nothing left to lift.
        Assert.Contains("is not restricted", Error(await PostAsync(dpo, "Lift", request)));
    }

    [Fact]
    public async Task An_upheld_objection_needs_the_typed_number_and_removes_that_purpose_only()
    {
        using var dpo = await SignInAsync("dana", StaffRole.Dpo);
        await DsrPupil.PassAsync(_host, _pupil, TimeSpan.FromMinutes(20));
        var pseudonyms = DsrPupil.Pseudonyms(_host, _pupil).Select(p => p.Value).ToList();
        var opened = await dpo.PostFormAsync(Page, new Dictionary<string, string>
        {
            ["StudentNumber"] = _pupil.StudentNumber,
            ["Kind"] = RequestKind.Objection.ToString(),
            ["Requester"] = RequesterRole.Guardian.ToString(),
            ["ObjectedPurpose"] = "bus",
        }, handler: "Open");
        var request = OpenedId(await opened.Content.ReadAsStringAsync());
        Assert.Contains($"Request {request}: objection (bus)", await dpo.TextAsync(Page));

        Assert.Contains("identity verification is not recorded yet", Error(await PostAsync(dpo, "Object", request, ("Confirmation", Id(request)))));
        await VerifyThroughPageAsync(dpo, request);
        var unconfirmed = await PostAsync(dpo, "Object", request, ("Confirmation", ""));
        Assert.Contains($"Type the request number ({request}) in the confirmation field to uphold the objection", Error(unconfirmed));
        Assert.Equal(3, (await EntitlementsAsync(pseudonyms)).Count);
        Assert.Equal(3, await PassagesAsync(pseudonyms));

        var upheld = await PostAsync(dpo, "Object", request, ("Confirmation", Id(request)));

        Assert.Contains("objection to bus upheld: grant removed, 1 entitlements and 1 passages deleted", upheld);
        Assert.Equal([ReaderType.Gate, ReaderType.Library], (await EntitlementsAsync(pseudonyms)).Select(e => e.Purpose).Order());
        Assert.Equal(2, await PassagesAsync(pseudonyms));
        await using var vault = _host.Vault();
        var student = await vault.Students.SingleAsync(s => s.StudentNumber == _pupil.StudentNumber);
        Assert.Equal([ReaderType.Gate, ReaderType.Library],
            (await vault.StudentPurposes.Where(p => p.StudentId == student.Id).Select(p => p.Purpose).ToListAsync()).Order());
    }

    [Fact]
    public async Task The_notification_deadline_is_flagged_when_missed_and_recording_it_keeps_the_channel_and_time()
    {
        var request = await Requests.OpenAsync(_pupil.StudentNumber, RequestKind.Restriction, RequesterRole.Guardian);
        var waiting = await Requests.OpenAsync(_other.StudentNumber, RequestKind.Access, RequesterRole.Guardian);
        using (var dpo = await SignInAsync("dana", StaffRole.Dpo))
        {
            var early = await PostAsync(dpo, "Notify", request.Id, ("Channel", "letter to the guardian"));
            Assert.Contains("has no completed rectification, erasure, restriction or objection to notify", Error(early));
            await VerifyThroughPageAsync(dpo, request.Id);
            await PostAsync(dpo, "Restrict", request.Id);
            var card = Card(await dpo.TextAsync(Page), request.Id);
            Assert.Contains("due 2026-09-06 (5 days left)", card);
            Assert.DoesNotContain("notification overdue", card);
            Assert.Contains("handler=Extend", Card(await dpo.TextAsync(Page), waiting.Id));
        }

        _host.Clock.Advance(TimeSpan.FromDays(31));
        using var later = await SignInAsync("dana", StaffRole.Dpo);
        var page = await later.TextAsync(Page);
        var overdue = Card(page, request.Id);
        Assert.Contains("notification overdue", overdue);
        Assert.Contains("due 2026-09-06: overdue by 26 days", overdue);
        var open = Card(page, waiting.Id);
        Assert.Contains("answer overdue", open);
        Assert.Contains("due 2026-10-01: overdue by 1 day", open);
        // Past the first month an extension can no longer be decided, so it is not offered.
        Assert.DoesNotContain("handler=Extend", open);

        var noChannel = await PostAsync(later, "Notify", request.Id, ("Channel", " "));
        Assert.Contains("The notification needs its channel", Error(noChannel));
        Assert.Null((await Requests.GetAsync(request.Id)).NotifiedAt);

        var notified = await PostAsync(later, "Notify", request.Id, ("Channel", "letter to the guardian"));

        Assert.Contains($"Request {request.Id}: notification recorded, late (it was due 2026-09-06).", notified);
        var stored = await Requests.GetAsync(request.Id);
        Assert.Equal(("letter to the guardian", RetentionCentral.T0.AddDays(31)), (stored.NotificationChannel, stored.NotifiedAt));
        var told = Card(await later.TextAsync(Page), request.Id);
        Assert.Contains("told 2026-10-02 by letter to the guardian, late (was due 2026-09-06)", told);
        Assert.DoesNotContain("notification overdue", told);
        Assert.DoesNotContain("handler=Notify", told);
        Assert.Contains("already recorded", Error(await PostAsync(later, "Notify", request.Id, ("Channel", "again"))));
    }

    [Theory]
    [InlineData(StaffRole.SchoolAdmin)]
    [InlineData(StaffRole.Operator)]
    public async Task Another_role_is_turned_away_from_the_page_and_its_actions(StaffRole role)
    {
        var request = await Requests.OpenAsync(_pupil.StudentNumber, RequestKind.Restriction, RequesterRole.Guardian);
        await Requests.VerifyAsync(request.Id, "ID card seen at the office", "dpo");
        using var client = await SignInAsync("sam", role, role == StaffRole.SchoolAdmin ? _pupil.School : null);

        var page = await client.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location!.PathAndQuery);
        foreach (var (handler, fields) in new (string, (string, string)[])[]
        {
            ("Restrict", []),
            ("Refuse", [("Reason", "repeated"), ("Confirmation", Id(request))]),
            ("Notify", [("Channel", "letter")]),
        })
        {
            // The token comes from a page this role may see, as a forged form would carry a valid one.
            var form = Fields(request.Id, fields);
            var posted = await client.PostFormAsync("/", form, handler: handler, action: Page);
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.StartsWith("/Account/Denied", posted.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(RequestStatus.Verified, (await Requests.GetAsync(request.Id)).Status);
        Assert.Equal(3, (await EntitlementsAsync(DsrPupil.Pseudonyms(_host, _pupil).Select(p => p.Value).ToList())).Count);
        Assert.Contains("Your role does not give access", await client.TextAsync("/Account/Denied"));
    }

    private async Task<AdminClient> SignInAsync(string user, StaffRole role, string? school = null)
    {
        if (!_passwords.TryGetValue(user, out var password))
        {
            var staff = _host.Get<StaffDirectory>();
            var generated = await staff.CreateAsync("test set-up", user, $"{user} (synthetic)", role, school, "test account");
            password = $"{user}-Passw0rd-{Guid.NewGuid():N}";
            await staff.ChangePasswordAsync(user, generated, password);
            _passwords[user] = password;
        }
        var client = new AdminClient(_host.Get<AdminEndpoint>().Url);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private async Task<long> OpenThroughPageAsync(AdminClient dpo, RequestKind kind)
    {
        var response = await dpo.PostFormAsync(Page, new Dictionary<string, string>
        {
            ["StudentNumber"] = _pupil.StudentNumber,
            ["Kind"] = kind.ToString(),
            ["Requester"] = RequesterRole.Guardian.ToString(),
        }, handler: "Open");
        return OpenedId(await response.Content.ReadAsStringAsync());
    }

    private static async Task VerifyThroughPageAsync(AdminClient dpo, long request)
    {
        var page = await PostAsync(dpo, "Verify", request, ("Method", "guardian's ID card seen at the school office"));
        Assert.Contains($"Request {request}: identity verification recorded.", page);
    }

    private static async Task<string> PostAsync(AdminClient client, string handler, long request, params (string Name, string Value)[] fields)
    {
        var response = await client.PostFormAsync(Page, Fields(request, fields), handler: handler);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<string, string> Fields(long request, params (string Name, string Value)[] fields)
    {
        var form = fields.ToDictionary(f => f.Name, f => f.Value);
        form["RequestId"] = request.ToString(CultureInfo.InvariantCulture);
        return form;
    }

    private static string Id(SubjectRequest request) => Id(request.Id);

    private static string Id(long request) => request.ToString(CultureInfo.InvariantCulture);

    private static long OpenedId(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, @"Request (\d+) opened; due");
        Assert.True(match.Success, "no request was opened");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The page's error banner; fails when the page shows none, so a missing refusal cannot pass as an empty string.</summary>
    private static string Error(string page)
    {
        var match = System.Text.RegularExpressions.Regex.Match(page, "data-testid=\"dsr-error\">([^<]*)<");
        Assert.True(match.Success, "the page shows no error");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>One request's article on the page, decoded.</summary>
    private static string Card(string page, long request)
    {
        var start = page.IndexOf($"data-testid=\"request-{request}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"request {request} is not on the page");
        var end = page.IndexOf("</article>", start, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(page[start..end]);
    }

    private async Task<T> StateAsync<T>(long request, Func<SubjectRequest, T> select) => select(await Requests.GetAsync(request));

    private async Task<T> VaultAsync<T>(Func<Student, T> select)
    {
        await using var vault = _host.Vault();
        return select(await vault.Students.AsNoTracking().SingleAsync(s => s.StudentNumber == _pupil.StudentNumber));
    }

    private async Task<List<Entitlement>> EntitlementsAsync(List<string> pseudonyms)
    {
        await using var store = _host.Store();
        return await store.Entitlements.AsNoTracking().Where(e => pseudonyms.Contains(e.Pseudonym)).ToListAsync();
    }

    private async Task<int> PassagesAsync(List<string> pseudonyms)
    {
        await using var store = _host.Store();
        return await store.Passages.CountAsync(p => pseudonyms.Contains(p.Pseudonym));
    }

    private async Task<Dictionary<ReaderType, long>> VersionsAsync()
    {
        await using var store = _host.Store();
        var rows = await store.AllowListVersions.AsNoTracking().ToDictionaryAsync(v => v.Purpose, v => v.Version);
        return ReaderTypes.All.ToDictionary(p => p, p => rows.GetValueOrDefault(p));
    }

    private async Task<List<AuditEntry>> AuditAsync(long request)
    {
        await using var audit = _host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var subject = $"subject request {request}";
        return await audit.Entries.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Sequence).ToListAsync();
    }
}
