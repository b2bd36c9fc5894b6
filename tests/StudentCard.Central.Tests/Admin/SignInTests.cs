using System.Net;
using Microsoft.Net.Http.Headers;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Sign-in over real HTTP on loopback: cookie flags, anti-forgery, lockout, expiry and sign-out.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private AdminSite _site = null!;

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Pages_need_a_sign_in_and_the_api_answers_401_instead_of_redirecting()
    {
        using var client = _site.Client();
        var page = await client.GetAsync("/Passages");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/passages")).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_sets_an_HttpOnly_Secure_SameSite_Strict_cookie_and_so_does_anti_forgery()
    {
        var password = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        using var client = _site.Client();
        var response = await client.SignInAsync("sam", password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var session = client.SetCookies.Single(c => c.Name == "studentcard.admin");
        var antiforgery = client.SetCookies.First(c => c.Name == "studentcard.antiforgery");
        foreach (var cookie in new[] { session, antiforgery })
        {
            Assert.True(cookie.HttpOnly, cookie.Name.ToString());
            Assert.True(cookie.Secure, cookie.Name.ToString());
            Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        }
        Assert.Contains("sam (synthetic)", await client.TextAsync("/"));
    }

    [Fact]
    public async Task A_form_posted_without_the_anti_forgery_token_is_refused()
    {
        var password = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        using var client = _site.Client();
        var response = await client.PostFormAsync("/Account/SignIn", new Dictionary<string, string> { ["UserName"] = "sam", ["Password"] = password }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(client.SetCookies, c => c.Name == "studentcard.admin");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_page_says_so()
    {
        var password = await _site.AccountAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        using var client = _site.Client();
        for (var i = 1; i <= 4; i++)
        {
            var failed = await client.SignInAsync("sam", $"wrong-{i}");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("user name or password is not right", await failed.Content.ReadAsStringAsync());
        }
        var fifth = await (await client.SignInAsync("sam", "wrong-5")).Content.ReadAsStringAsync();
        Assert.Contains("locked after repeated failed sign-ins", fifth);

        var right = await client.SignInAsync("sam", password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
        Assert.DoesNotContain(client.SetCookies, c => c.Name == "studentcard.admin" && c.Value.Length > 0);
    }

    [Fact]
    public async Task A_generated_password_admits_only_to_the_change_form_until_it_is_changed()
    {
        var generated = await _site.Staff.CreateAsync("test set-up", "tara", "Tara", StaffRole.TransportAdmin, null, "test account");
        using var client = _site.Client();
        var signIn = await client.SignInAsync("tara", generated);
        Assert.Equal("/Account/ChangePassword", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/passages")).StatusCode);
        var page = await client.GetAsync("/Passages");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);

        var changed = await client.PostFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["CurrentPassword"] = generated,
            ["NewPassword"] = "tara-chose-this-one",
            ["ConfirmPassword"] = "tara-chose-this-one",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/passages")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var password = await _site.AccountAsync("olga", StaffRole.Operator);
        using var client = _site.Client();
        await client.SignInAsync("olga", password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/readers")).StatusCode);

        var done = await client.PostFormAsync("/", new Dictionary<string, string>(), action: "/Account/SignOut");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/readers")).StatusCode);
    }
}
