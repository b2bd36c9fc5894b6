using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudentCard.Central.Breaches;
using StudentCard.Central.Staff;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Breaches;

/// <summary>
/// The breach register's pages and API over real loopback HTTP: only the DPO reaches them (every other role is turned
/// away from page, form and API alike), and what is not a breach (found before it happened, negative numbers, no
/// description, an unknown reader) is refused with a clear message that stores and audits nothing.
/// </summary>
public sealed class BreachAccessTests : IAsyncLifetime
{
    private const string Page = "/Breaches";

    private BreachScene _scene = null!;

    public async Task InitializeAsync() => _scene = await BreachScene.StartAsync();

    public async Task DisposeAsync() => await _scene.DisposeAsync();

    private DateTimeOffset Now => _scene.Host.Clock.GetUtcNow();

    [Theory]
    [InlineData(StaffRole.SchoolAdmin)]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Librarian)]
    [InlineData(StaffRole.Operator)]
    public async Task Another_role_is_turned_away_from_the_pages_their_forms_and_the_api(StaffRole role)
    {
        var breach = await _scene.Register.RecordAsync(BreachScene.Dpo, BreachScene.Report(Now));
        var audited = await _scene.AuditCountAsync();
        using var client = await _scene.SignedInAsync("sam", role, role == StaffRole.SchoolAdmin ? _scene.Pupils[0].School : null);

        foreach (var path in new[] { Page, $"/Breaches/Breach?id={breach.Id}" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/Account/Denied", page.Headers.Location!.PathAndQuery);
        }
        // The token comes from a page this role may see, as a forged form would carry a valid one.
        var posted = await client.PostFormAsync("/", Form(Now), handler: "Record", action: Page);
        var notified = await client.PostFormAsync("/", new Dictionary<string, string> { ["Id"] = $"{breach.Id}", ["Reference"] = "case 1" },
            handler: "NotifyAuthority", action: "/Breaches/Breach");
        Assert.All([posted, notified], r => Assert.StartsWith("/Account/Denied", r.Headers.Location!.PathAndQuery));
        using var list = await client.GetAsync(BreachRoutes.Breaches);
        using var recorded = await PostAsync(client, BreachRoutes.Breaches, BreachScene.Report(Now));
        using var proposed = await PostAsync(client, BreachRoutes.StepPath(breach.Id, "propose-reader"), new BreachStep(Reader: BreachScene.GateIn, Since: Now));
        Assert.All([list, recorded, proposed], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));

        Assert.Equal([breach.Id], (await _scene.BreachesAsync()).Select(b => b.Id));
        Assert.Null((await _scene.BreachesAsync())[0].AuthorityNotifiedAt);
        Assert.Empty(await _scene.LinksAsync());
        Assert.Equal(audited, await _scene.AuditCountAsync());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "found before happened", "cannot have happened" },
        { "negative pupils", "number of pupils cannot be negative" },
        { "negative records", "number of records cannot be negative" },
        { "empty description", "the description is empty" },
        { "found in the future", "cannot have been found later than now" },
        { "no risk", "unlikely, risk or high" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_report_that_is_not_a_breach_is_refused_through_the_api_and_the_page_with_its_reason_and_nothing_stored(string fault, string message)
    {
        using var dpo = await _scene.SignedInAsync("dana", StaffRole.Dpo);
        var audited = await _scene.AuditCountAsync();
        var report = BreachScene.Report(Now.AddHours(-1), occurred: Now.AddHours(-3));
        var form = Form(Now.AddHours(-1), Now.AddHours(-3));
        switch (fault)
        {
            case "found before happened":
                report = report with { OccurredAt = Now };
                form["Form.OccurredAt"] = Local(Now);
                break;
            case "negative pupils":
                report = report with { ApproximatePupils = -4 };
                form["Form.ApproximatePupils"] = "-4";
                break;
            case "negative records":
                report = report with { ApproximateRecords = -1 };
                form["Form.ApproximateRecords"] = "-1";
                break;
            case "empty description":
                report = report with { Description = "   " };
                form["Form.Description"] = "   ";
                break;
            case "found in the future":
                report = report with { DiscoveredAt = Now.AddHours(2), OccurredAt = null };
                form["Form.DiscoveredAt"] = Local(Now.AddHours(2));
                form["Form.OccurredAt"] = "";
                break;
            case "no risk":
                report = report with { Risk = "7" };
                form["Form.Risk"] = "7";
                break;
        }

        using var response = await PostAsync(dpo, BreachRoutes.Breaches, report);
        var page = await (await dpo.PostFormAsync(Page, form, handler: "Record")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await DetailAsync(response));
        Assert.Contains(message, Error(page));
        Assert.Empty(await _scene.BreachesAsync());
        Assert.Equal(audited, await _scene.AuditCountAsync());
    }

    [Fact]
    public async Task A_number_that_is_not_a_number_is_refused_on_the_page()
    {
        using var dpo = await _scene.SignedInAsync("dana", StaffRole.Dpo);
        var form = Form(Now);
        form["Form.ApproximatePupils"] = "about forty";

        var page = await (await dpo.PostFormAsync(Page, form, handler: "Record")).Content.ReadAsStringAsync();

        Assert.Contains("must be a whole number", Error(page));
        Assert.Empty(await _scene.BreachesAsync());
    }

    [Fact]
    public async Task An_unknown_reader_or_no_time_proposes_nobody_and_a_proposal_confirmed_through_the_api_attaches_the_pupils()
    {
        using var dpo = await _scene.SignedInAsync("dana", StaffRole.Dpo);
        var since = Now;
        _scene.Host.Clock.Advance(TimeSpan.FromMinutes(10));
        await _scene.GateAsync(_scene.Pupils[0], BreachScene.GateIn, TimeSpan.FromMinutes(5));
        using var recorded = await PostAsync(dpo, BreachRoutes.Breaches, BreachScene.Report(Now));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var id = (await recorded.Content.ReadFromJsonAsync<BreachAnswer>())!.Id;
        var audited = await _scene.AuditCountAsync();

        using var unknown = await PostAsync(dpo, BreachRoutes.StepPath(id, "propose-reader"), new BreachStep(Reader: "gate-nowhere", Since: since));
        using var noTime = await PostAsync(dpo, BreachRoutes.StepPath(id, "propose-reader"), new BreachStep(Reader: BreachScene.GateIn));
        using var noBreach = await PostAsync(dpo, BreachRoutes.StepPath(id + 1, "propose-reader"), new BreachStep(Reader: BreachScene.GateIn, Since: since));
        Assert.All([unknown, noTime], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, noBreach.StatusCode);
        Assert.Contains("There is no reader \"gate-nowhere\"", await DetailAsync(unknown));
        Assert.Contains("Give the time from which the reader", await DetailAsync(noTime));
        Assert.Contains($"There is no breach {id + 1}", await DetailAsync(noBreach));
        Assert.Empty(await _scene.LinksAsync());
        Assert.Equal(audited, await _scene.AuditCountAsync());

        using var proposed = await PostAsync(dpo, BreachRoutes.StepPath(id, "propose-reader"), new BreachStep(Reader: BreachScene.GateIn, Since: since));
        Assert.Equal(1, (await proposed.Content.ReadFromJsonAsync<BreachProposal>())!.Pupils);
        using var confirmed = await PostAsync(dpo, BreachRoutes.StepPath(id, "confirm"), new BreachStep());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        using var shown = await dpo.GetAsync($"{BreachRoutes.Breaches}/{id}");
        using var json = JsonDocument.Parse(await shown.Content.ReadAsStringAsync());
        var pupil = Assert.Single(json.RootElement.GetProperty("pupils").EnumerateArray());
        Assert.Equal((_scene.Pupils[0].StudentNumber, true), (pupil.GetProperty("studentNumber").GetString(), pupil.GetProperty("confirmed").GetBoolean()));
        Assert.All(await _scene.AuditAsync(id), e => Assert.Equal("dana", e.Actor));
        Assert.Contains("through the admin API", (await _scene.AuditAsync(id)).Last().Reason);
    }

    private static Dictionary<string, string> Form(DateTimeOffset discovered, DateTimeOffset? occurred = null) => new()
    {
        ["Form.Description"] = "Gate reader gate-in stolen from the north entrance",
        ["Form.OccurredAt"] = occurred is { } at ? Local(at) : "",
        ["Form.DiscoveredAt"] = Local(discovered),
        ["Form.DataCategories"] = "gate passages: pseudonym, time, reader",
        ["Form.ApproximatePupils"] = "40",
        ["Form.ApproximateRecords"] = "300",
        ["Form.Risk"] = "risk",
    };

    /// <summary>The test Central's calendar has no site, so the register's local time is UTC.</summary>
    private static string Local(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm");

    private static async Task<HttpResponseMessage> PostAsync<T>(AdminClient client, string path, T body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    private static string Error(string html)
    {
        var start = html.IndexOf("data-testid=\"breach-error\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page shows no error");
        return System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)]);
    }
}
