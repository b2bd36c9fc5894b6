using System.Net;
using System.Net.Http.Json;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// Staff accounts through the admin API and the Staff page: operators only, every refusal answered with its reason and
/// changing nothing, and a change reaching the account's open session at its next request.
/// </summary>
public sealed class StaffAccessTests : IAsyncLifetime
{
    private const string School = "Harbour Lyceum";
    private const string Operator = "olga";

    private AdminSite _site = null!;
    private AdminClient _operator = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        _operator = await SignedInAsync(Operator, StaffRole.Operator, null);
    }

    public async Task DisposeAsync()
    {
        _operator.Dispose();
        await _site.DisposeAsync();
    }

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(AdminClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["error"].ToString()!;

    private async Task<(StaffAccount? Account, int Changes)> StateAsync(string user) =>
        (await _site.Staff.FindAsync(user), (await _site.AllAuditAsync()).Count(e => e.Action == AuditActions.StaffChanged));

    [Theory]
    [InlineData(StaffRole.SchoolAdmin, School)]
    [InlineData(StaffRole.TransportAdmin, null)]
    [InlineData(StaffRole.Librarian, null)]
    [InlineData(StaffRole.Dpo, null)]
    public async Task Every_other_role_is_refused_on_page_and_API_and_nothing_changes(StaffRole role, string? school)
    {
        using var client = await SignedInAsync("someone", role, school);
        var before = await StateAsync(Operator);

        var page = await client.GetAsync("/Staff");
        var list = await client.GetAsync(StaffRoutes.Prefix);
        var disable = await PostAsync(client, StaffRoutes.Account(Operator, "disable"), new StaffChangeRequest("taking over"));
        var create = await PostAsync(client, StaffRoutes.Prefix, new StaffCreateRequest("intruder", null, "operator", null, "taking over"));
        var reset = await PostAsync(client, StaffRoutes.Account(Operator, "reset-password"), new StaffChangeRequest("taking over"));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            new[] { list.StatusCode, disable.StatusCode, create.StatusCode, reset.StatusCode });
        Assert.DoesNotContain("/Staff", await client.TextAsync("/Account/ChangePassword"), StringComparison.Ordinal);
        var after = await StateAsync(Operator);
        Assert.Equal((before.Changes, false, before.Account!.PasswordHash), (after.Changes, after.Account!.Disabled, after.Account.PasswordHash));
        Assert.Null(await _site.Staff.FindAsync("intruder"));
    }

    [Fact]
    public async Task Disabling_yourself_as_the_last_operator_is_refused_on_API_and_page()
    {
        var before = await StateAsync(Operator);

        var api = await PostAsync(_operator, StaffRoutes.Account(Operator, "disable"), new StaffChangeRequest("going on leave"));
        var role = await PostAsync(_operator, StaffRoutes.Account(Operator, "role"), new StaffRoleRequest("dpo", null, "new job"));
        var page = await _operator.PostFormAsync("/Staff", new Dictionary<string, string> { ["user"] = Operator, ["reason"] = "going on leave" }, handler: "Disable");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (api.StatusCode, role.StatusCode));
        Assert.Contains("you are the last enabled operator", await ErrorAsync(api), StringComparison.Ordinal);
        Assert.Contains("you are the last enabled operator", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var after = await StateAsync(Operator);
        Assert.Equal((before.Changes, false, StaffRole.Operator), (after.Changes, after.Account!.Disabled, after.Account.Role));
        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync(StaffRoutes.Prefix)).StatusCode);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    [InlineData("unlock")]
    [InlineData("reset-password")]
    [InlineData("require-password-change")]
    public async Task An_unknown_account_is_404_and_nothing_is_recorded(string action)
    {
        var before = await StateAsync(Operator);

        var response = await PostAsync(_operator, StaffRoutes.Account("nobody", action), new StaffChangeRequest("checking something"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("There is no account 'nobody'. Nothing was changed.", await ErrorAsync(response));
        Assert.Equal(before.Changes, (await StateAsync(Operator)).Changes);
    }

    [Theory]
    [InlineData("janitor", School, "'janitor' is not a staff role")]
    [InlineData("school-admin", "", "acts for one school")]
    [InlineData("school-admin", "   ", "acts for one school")]
    [InlineData("dpo", "Harbour\nLyceum", "on one line")]
    public async Task A_bad_role_or_school_is_refused_with_its_reason(string role, string school, string message)
    {
        await _site.AccountAsync("sam", StaffRole.SchoolAdmin, School);
        var before = await StateAsync("sam");

        var change = await PostAsync(_operator, StaffRoutes.Account("sam", "role"), new StaffRoleRequest(role, school, "new job"));
        var create = await PostAsync(_operator, StaffRoutes.Prefix, new StaffCreateRequest("newbie", null, role, school, "starts on Monday"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (change.StatusCode, create.StatusCode));
        Assert.Contains(message, await ErrorAsync(change), StringComparison.Ordinal);
        Assert.Contains(message, await ErrorAsync(create), StringComparison.Ordinal);
        var after = await StateAsync("sam");
        Assert.Equal((before.Changes, StaffRole.SchoolAdmin, School), (after.Changes, after.Account!.Role, after.Account.Scope));
        Assert.Null(await _site.Staff.FindAsync("newbie"));
    }

    [Fact]
    public async Task A_change_without_a_reason_is_refused()
    {
        await _site.AccountAsync("sam", StaffRole.SchoolAdmin, School);

        var response = await PostAsync(_operator, StaffRoutes.Account("sam", "disable"), new StaffChangeRequest(null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await _site.Staff.FindAsync("sam"))!.Disabled);
    }

    [Fact]
    public async Task A_disabled_accounts_open_session_is_refused_at_its_next_API_request()
    {
        using var sam = await SignedInAsync("sam", StaffRole.SchoolAdmin, School);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/api/passages")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(_operator, StaffRoutes.Account("sam", "disable"), new StaffChangeRequest("left the school"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await sam.GetAsync("/api/passages")).StatusCode);
        var page = await sam.GetAsync("/Passages");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_change_reaches_the_open_session_at_its_next_request()
    {
        using var sam = await SignedInAsync("sam", StaffRole.SchoolAdmin, School);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/api/passages")).StatusCode);

        var changed = await PostAsync(_operator, StaffRoutes.Account("sam", "role"), new StaffRoleRequest("dpo", null, "now the data protection officer"));

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sam.GetAsync("/api/passages")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sam.GetAsync("/Audit")).StatusCode);
    }

    [Fact]
    public async Task An_operator_adds_an_account_and_resets_its_password_each_shown_once_and_never_cached()
    {
        var created = await PostAsync(_operator, StaffRoutes.Prefix, new StaffCreateRequest("newbie", "New Person", "librarian", null, "starts on Monday"));
        var first = await created.Content.ReadFromJsonAsync<StaffPasswordResponse>();
        var reset = await PostAsync(_operator, StaffRoutes.Account("newbie", "reset-password"), new StaffChangeRequest("lost the handover note"));
        var second = await reset.Content.ReadFromJsonAsync<StaffPasswordResponse>();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, reset.StatusCode));
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        Assert.Equal("no-store", reset.Headers.CacheControl?.ToString());
        Assert.Equal(SignInStatus.Failed, (await _site.Staff.SignInAsync("newbie", first!.OneTimePassword)).Status);
        Assert.Equal(SignInStatus.PasswordExpired, (await _site.Staff.SignInAsync("newbie", second!.OneTimePassword)).Status);
        var list = await _operator.GetAsync(StaffRoutes.Prefix);
        var text = await list.Content.ReadAsStringAsync();
        Assert.Contains("\"userName\":\"newbie\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(second.OneTimePassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);
        Assert.Equal(["newbie"], (await _site.AllAuditAsync()).Where(e => e.Actor == Operator && e.Action == AuditActions.StaffChanged).Select(e => e.Subject["staff account ".Length..]).Distinct());
    }
}
