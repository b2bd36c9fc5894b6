using System.Net;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Admin;

namespace StudentCard.Central.Tests.SignInLimits;

/// <summary>Floods of wrong staff passwords at the sign-in page over real HTTP: per address, then per account name.</summary>
public sealed class StaffSignInFloodTests
{
    [Fact]
    public async Task A_flood_from_one_address_is_answered_429_with_Retry_After_at_the_default_limit_and_viewing_the_form_stays_free()
    {
        await using var site = await AdminSite.StartAsync();
        var password = await site.AccountAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        using var client = site.Client();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 35; i++)
        {
            var response = await client.SignInAsync($"guess-{i}", "not-the-password");
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        // Defaults: thirty sign-in requests a minute from one address, right or wrong.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 30), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)], statuses);
        Assert.InRange(refused!.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/SignIn")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SignInAsync("sam", password)).StatusCode);
        Assert.Equal(0, (await site.Staff.FindAsync("sam"))!.FailedSignIns);
    }

    [Fact]
    public async Task Guessing_one_account_name_is_refused_unchecked_once_its_budget_is_spent_and_other_names_are_not_held_back()
    {
        await using var site = await AdminSite.StartAsync("--SignInLimits:StaffAttemptsPerAddress=1000", "--SignInLimits:StaffFailuresPerAccount=4");
        var password = await site.AccountAsync("dana", StaffRole.Dpo);
        using var client = site.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.SignInAsync("mallory", $"guess-{i}")).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 4), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)], statuses);
        Assert.Equal(SignInStatus.Throttled, (await site.Staff.SignInAsync("mallory", "anything")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("dana", password)).StatusCode);
    }
}
