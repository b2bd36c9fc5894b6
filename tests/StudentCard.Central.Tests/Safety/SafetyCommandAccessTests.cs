using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Admin;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Safety;

/// <summary>
/// The admin API's safety commands are a signed-in school admin's, at their own school's sites only: every other caller is
/// refused, changing nothing, stored, published or audited, whatever actor its body names.
/// </summary>
public sealed class SafetyCommandAccessTests : IAsyncLifetime
{
    private static readonly string[] Commands = [SafetyRoutes.Lockdown, SafetyRoutes.Evacuate, SafetyRoutes.Lift];

    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory, SafetyCentral.SchoolSites);
        await _central.EnrollAsync();
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A body naming an actor the API must never believe.</summary>
    private static StringContent ForgedBody() =>
        new("""{"actor":"head-teacher","reason":"fire alarm"}""", Encoding.UTF8, "application/json");

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school)
    {
        var password = await _central.AccountAsync(user, role, school);
        var client = new AdminClient(_central.AdminUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(AdminClient client, string path, HttpContent body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        return await client.SendAsync(request);
    }

    /// <summary>Nothing stored or audited, and the first site mode a gate reader then receives is the one a rightful admin gives.</summary>
    private async Task AssertNothingChangedAsync(ReaderMqtt reader)
    {
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
        var rightful = await _central.Modes.LiftAsync("north", "north-admin", "control command after the refusals");
        var first = SignedCommands.Open<SiteModeMessage>(_central.Services, await reader.NextAsync(MqttTopics.SiteMode("north")));
        Assert.Equal(rightful.Sequence, first.Sequence);
    }

    /// <summary>The readers' port, where the command line used to call from this machine (a same-host proxy arrives as loopback).</summary>
    private HttpClient ReadersPort() => new()
    {
        BaseAddress = new Uri(_central.Endpoints.GrpcUrl),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    [Fact]
    public async Task Without_a_sign_in_no_command_is_taken_on_the_admin_port_nor_on_the_readers_port()
    {
        await using var reader = await _central.GateReaderAsync();
        using var admin = new HttpClient { BaseAddress = new Uri(_central.AdminUrl) };
        using var readersPort = ReadersPort();

        foreach (var command in Commands)
        {
            using var onAdmin = await admin.PostAsync(SafetyRoutes.Of("north", command), ForgedBody());
            using var onReadersPort = await readersPort.PostAsync(SafetyRoutes.Of("north", command), ForgedBody());
            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (onAdmin.StatusCode, onReadersPort.StatusCode));
        }

        await AssertNothingChangedAsync(reader);
    }

    [Fact]
    public async Task Even_with_a_rightful_sign_in_cookie_the_readers_port_serves_no_command()
    {
        await using var reader = await _central.GateReaderAsync();
        using var client = await SignedInAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        var cookie = string.Join("; ", client.SetCookies.Select(c => $"{c.Name}={c.Value}"));
        using var readersPort = ReadersPort();

        foreach (var command in Commands)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SafetyRoutes.Of("north", command))
            {
                Content = JsonContent.Create(new SiteModeRequest("fire alarm")),
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            request.Headers.Add("Cookie", cookie);
            using var response = await readersPort.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await AssertNothingChangedAsync(reader);
    }

    [Fact]
    public async Task A_signed_in_admin_is_on_record_under_their_own_name_whatever_actor_the_body_names()
    {
        using var client = await SignedInAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);

        using var response = await PostAsync(client, SafetyRoutes.Of("north", SafetyRoutes.Evacuate), ForgedBody());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<SiteModeResponse>();
        Assert.Equal(("north", "evacuation", true), (answer!.Site, answer.Mode, answer.Published));
        var entry = Assert.Single(await _central.AuditAsync());
        Assert.Equal(("north-admin", SafetyActions.Evacuation), (entry.Actor, entry.Action));
        Assert.StartsWith("fire alarm", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_school_admin_of_another_school_is_refused_with_403_and_nothing_is_stored_published_or_audited()
    {
        await using var reader = await _central.GateReaderAsync();
        using var west = await SignedInAsync("west-admin", StaffRole.SchoolAdmin, SafetyCentral.WestSchool);

        foreach (var command in Commands)
        {
            using var response = await PostAsync(west, SafetyRoutes.Of("north", command), JsonContent.Create(new SiteModeRequest("fire alarm")));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Site 'north' is not a site of your school; yours: west. Nothing was changed.", (await response.Content.ReadFromJsonAsync<SiteModeError>())!.Error);
        }

        await AssertNothingChangedAsync(reader);
    }

    [Theory]
    [InlineData(StaffRole.Operator)]
    [InlineData(StaffRole.Dpo)]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Librarian)]
    public async Task Other_roles_are_refused_with_403_and_nothing_changes(StaffRole role)
    {
        using var client = await SignedInAsync("someone", role, null);

        foreach (var command in Commands)
        {
            using var response = await PostAsync(client, SafetyRoutes.Of("north", command), JsonContent.Create(new SiteModeRequest("fire alarm")));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "reason=fire+alarm")]
    [InlineData("text/plain", """{"reason":"fire alarm"}""")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nfire alarm\r\n--x--\r\n")]
    public async Task A_cross_site_form_carrying_the_sign_in_cookie_is_refused_and_changes_nothing(string contentType, string body)
    {
        using var client = await SignedInAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await PostAsync(client, SafetyRoutes.Of("north", SafetyRoutes.Evacuate), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Fact]
    public async Task A_command_without_a_reason_is_refused_and_changes_nothing()
    {
        using var client = await SignedInAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);

        using var response = await PostAsync(client, SafetyRoutes.Of("north", SafetyRoutes.Lockdown), JsonContent.Create(new SiteModeRequest(" ")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs a reason", (await response.Content.ReadFromJsonAsync<SiteModeError>())!.Error, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task The_json_sign_in_says_nothing_about_which_part_was_wrong_and_gives_no_cookie()
    {
        await _central.AccountAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        using var client = new AdminClient(_central.AdminUrl);

        using var wrongPassword = await client.SendAsync(SignIn("north-admin", "not-the-password"));
        using var unknownUser = await client.SendAsync(SignIn("nobody-here", "not-the-password"));
        using var command = await PostAsync(client, SafetyRoutes.Of("north", SafetyRoutes.Lockdown), JsonContent.Create(new SiteModeRequest("intruder")));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrongPassword.StatusCode, unknownUser.StatusCode));
        Assert.Equal(SignInApi.WrongCredentials, (await wrongPassword.Content.ReadFromJsonAsync<StaffSignInRefusal>())!.Error);
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownUser.Content.ReadAsStringAsync());
        Assert.Empty(client.SetCookies);
        Assert.Equal(HttpStatusCode.Unauthorized, command.StatusCode);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task The_json_sign_in_takes_no_cross_site_form_so_no_page_can_sign_a_browser_in()
    {
        var password = await _central.AccountAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        using var client = new AdminClient(_central.AdminUrl);

        using var form = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, StaffSignInRequest.Path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "north-admin", ["password"] = password }),
        });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Empty(client.SetCookies);
        Assert.Empty(await _central.StoredAsync());
    }

    [Fact]
    public async Task The_json_sign_in_counts_failures_like_the_page_and_a_locked_account_is_refused_even_with_its_password()
    {
        var password = await _central.AccountAsync("north-admin", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool);
        using var client = new AdminClient(_central.AdminUrl);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await client.SendAsync(SignIn("north-admin", $"guess-{attempt}"));
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var locked = await client.SendAsync(SignIn("north-admin", password));

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.StartsWith("This account is locked", (await locked.Content.ReadFromJsonAsync<StaffSignInRefusal>())!.Error, StringComparison.Ordinal);
        Assert.Empty(client.SetCookies);
    }

    [Fact]
    public async Task An_account_whose_password_must_change_gets_no_cookie_from_the_json_sign_in()
    {
        var generated = await _central.Services.GetRequiredService<StaffDirectory>()
            .CreateAsync("test set-up", "fresh-admin", "Fresh (synthetic)", StaffRole.SchoolAdmin, SafetyCentral.NorthSchool, "test account");
        using var client = new AdminClient(_central.AdminUrl);

        using var response = await client.SendAsync(SignIn("fresh-admin", generated));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("has expired", (await response.Content.ReadFromJsonAsync<StaffSignInRefusal>())!.Error, StringComparison.Ordinal);
        Assert.Empty(client.SetCookies);
    }

    private static HttpRequestMessage SignIn(string user, string password) =>
        new(HttpMethod.Post, StaffSignInRequest.Path) { Content = JsonContent.Create(new StaffSignInRequest(user, password)) };
}
