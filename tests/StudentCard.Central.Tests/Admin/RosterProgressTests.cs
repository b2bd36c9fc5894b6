using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Pages.Roster;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// A few-thousand-row users.csv through the roster page's background jobs: the progress endpoint walks every step of
/// the preview and of the commit in order, each rising to the whole file, and ends with the result; another operator,
/// a school admin, an anonymous caller and a poll without the page's token are refused.
/// </summary>
public sealed partial class RosterProgressTests : IAsyncLifetime
{
    private const int Pupils = 3000;
    private const string Header = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    private AdminSite _site = null!;

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<(AdminClient Client, string Token)> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        // The sign-out form in every page's header carries a token for this person.
        var home = await client.TextAsync("/");
        return (client, WebUtility.HtmlDecode(TokenPattern().Match(home).Groups[1].Value));
    }

    private static byte[] UsersCsv()
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        for (var i = 1; i <= Pupils; i++)
        {
            var id = $"stu-{700000 + i}";
            csv.Append($"{id},active,2026-09-01T00:00:00Z,true,org-north,student,{id},,Pupil{i:D4},Synthetic,,S{700000 + i},,,,,05,\r\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static async Task<string> StartAsync(AdminClient client, string token, string handler, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/Roster?handler={handler}") { Content = content };
        request.Headers.Add(IndexModel.ProgressHeader, "1");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        return started.GetProperty("progressUrl").GetString()!;
    }

    private static async Task<HttpResponseMessage> PollAsync(AdminClient client, string url, int after, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}?after={after}");
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        return await client.SendAsync(request);
    }

    /// <summary>Every state the endpoint reports, following its cursor until the job is finished.</summary>
    private static async Task<List<JsonElement>> FollowAsync(AdminClient client, string url, string token)
    {
        var states = new List<JsonElement>();
        var after = 0;
        while (true)
        {
            var response = await PollAsync(client, url, after, token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            states.Add(state);
            if (state.GetProperty("finished").GetBoolean())
            {
                return states;
            }
            Assert.True(states.Count < 1000, "The job never finished.");
            after = state.GetProperty("sequence").GetInt32();
        }
    }

    private static void AssertRisesToEveryRow(List<JsonElement> states, string stage)
    {
        var steps = states.Where(s => s.GetProperty("stage").GetString() == stage && !s.GetProperty("finished").GetBoolean())
            .Select(s => (Done: s.GetProperty("done").GetInt32(), Total: s.GetProperty("total").GetInt32())).ToList();
        // Reported per 250 rows: a 3000-row file is read (or written) in 12 rising steps.
        Assert.Equal(Enumerable.Range(1, Pupils / 250).Select(i => i * 250), steps.Select(s => s.Done));
        Assert.All(steps, s => Assert.Equal(Pupils, s.Total));
    }

    private async Task<int> StudentsAsync()
    {
        await using var vault = _site.Central.VaultDb();
        return await vault.Students.CountAsync();
    }

    [Fact]
    public async Task The_progress_endpoint_walks_the_preview_and_the_commit_step_by_step_to_their_results()
    {
        var (otto, token) = await SignedInAsync("otto", StaffRole.Operator);
        var before = await StudentsAsync();
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(UsersCsv()), "Upload", "users.csv" },
        };

        var url = await StartAsync(otto, token, "Preview", upload);
        var preview = await FollowAsync(otto, url, token);

        Assert.Equal(Enumerable.Range(1, preview.Count - 1), preview.SkipLast(1).Select(s => s.GetProperty("sequence").GetInt32()));
        AssertRisesToEveryRow(preview, "read");
        Assert.Equal(RosterJobProgress.CheckStage, preview[^2].GetProperty("stage").GetString());
        var previewed = preview[^1];
        Assert.Null(previewed.GetProperty("error").GetString());
        Assert.Equal((Pupils, 0, false), (previewed.GetProperty("result").GetProperty("new").GetInt32(),
            previewed.GetProperty("result").GetProperty("errors").GetInt32(), previewed.GetProperty("result").GetProperty("committed").GetBoolean()));
        Assert.Equal(before, await StudentsAsync());

        // The result page offers the commit of exactly this upload.
        var uploadId = url.Split('/')[^2];
        var resultPage = await otto.TextAsync(previewed.GetProperty("resultUrl").GetString()!);
        Assert.Contains($"value=\"{uploadId}\"", resultPage);
        Assert.Contains("data-testid=\"roster-commit\"", resultPage);

        using var commit = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["UploadId"] = uploadId });
        var commitUrl = await StartAsync(otto, token, "Commit", commit);
        var committed = await FollowAsync(otto, commitUrl, token);

        AssertRisesToEveryRow(committed, "write");
        Assert.True(committed[^1].GetProperty("result").GetProperty("committed").GetBoolean());
        Assert.Equal(before + Pupils, await StudentsAsync());
        Assert.False(_site.Central.Services.GetRequiredService<RosterUploads>().Holds(uploadId));
        Assert.Contains("The roster was imported.", await otto.TextAsync(committed[^1].GetProperty("resultUrl").GetString()!));
        Assert.Contains(await _site.AuditAsync(), e => e.Actor == "otto" && e.Action == IndexModel.CommitRequested);
    }

    [Fact]
    public async Task Another_operator_a_school_admin_an_anonymous_caller_and_a_poll_without_the_token_are_refused()
    {
        var (otto, token) = await SignedInAsync("otto", StaffRole.Operator);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(UsersCsv()), "Upload", "users.csv" },
        };
        var url = await StartAsync(otto, token, "Preview", upload);

        var (olga, olgaToken) = await SignedInAsync("olga", StaffRole.Operator);
        Assert.Equal(HttpStatusCode.Forbidden, (await PollAsync(olga, url, 0, olgaToken)).StatusCode);
        var (sam, samToken) = await SignedInAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        Assert.Equal(HttpStatusCode.Forbidden, (await PollAsync(sam, url, 0, samToken)).StatusCode);
        using var anonymous = _site.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PollAsync(anonymous, url, 0, null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PollAsync(otto, url, 0, null)).StatusCode);
        // Nor may another operator commit the upload, or see its result page.
        using var commit = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = olgaToken, ["UploadId"] = url.Split('/')[^2] });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Roster?handler=Commit") { Content = commit };
        Assert.Contains("That upload is no longer here", WebUtility.HtmlDecode(await (await olga.SendAsync(request)).Content.ReadAsStringAsync()));

        // Its owner still follows it to the end.
        Assert.True((await FollowAsync(otto, url, token))[^1].GetProperty("finished").GetBoolean());
        Assert.DoesNotContain("data-testid=\"roster-commit\"", await olga.TextAsync($"/Roster?upload={url.Split('/')[^2]}"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
