using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.Audit;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// An operator registers a reader on the Readers page: the settings file handed out once lets that reader authenticate,
/// the request is audited with who, why and where, a duplicate or malformed one registers nothing, other roles are
/// refused, and the secret appears in no log event.
/// </summary>
public sealed partial class ReaderProvisioningPageTests : IAsyncLifetime
{
    private AdminSite _site = null!;

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync(
        "--Serilog:Using:0=StudentCard.Central.Tests",
        "--Serilog:WriteTo:0:Name=ProvisioningLogCapture",
        "--Serilog:MinimumLevel:Default=Verbose",
        "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Verbose");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> RegisterAsync(AdminClient client, string id, string type, string place, string reason = "New entrance opened") =>
        client.PostFormAsync("/Readers", new Dictionary<string, string>
        {
            ["NewId"] = id,
            ["NewType"] = type,
            ["NewPlace"] = place,
            ["NewReason"] = reason,
        }, handler: "Register");

    private static JsonObject DownloadedSettings(string page)
    {
        var link = SettingsLink().Match(page);
        Assert.True(link.Success, "The answer has no settings download.");
        Assert.Equal("edge-gate-77.json", link.Groups["name"].Value);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(WebUtility.HtmlDecode(link.Groups["data"].Value)));
        return (JsonObject)JsonNode.Parse(json)!;
    }

    [Fact]
    public async Task A_reader_registered_on_the_page_authenticates_with_the_downloaded_secret_and_the_request_is_audited()
    {
        using var client = await SignedInAsync("otto", StaffRole.Operator);

        var response = await RegisterAsync(client, "gate-77", "gate", "north/main");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var edge = DownloadedSettings(page)["Edge"]!;
        Assert.Equal(("gate-77", "gate", "north", "main", "In"),
            ((string)edge["ReaderId"]!, (string)edge["ReaderType"]!, (string)edge["Site"]!, (string)edge["Zone"]!, (string)edge["Direction"]!));
        var secret = (string)edge["ReaderSecret"]!;
        var check = await _site.Central.Readers.CheckAsync("gate-77", secret);
        Assert.Equal(ReaderCheckOutcome.Authenticated, check.Outcome);
        Assert.Equal(ReaderType.Gate, check.Reader!.Type);
        Assert.Equal(ReaderCheckOutcome.WrongSecret, (await _site.Central.Readers.CheckAsync("gate-77", secret + "x")).Outcome);
        // The key file is not downloaded: the page says how the operator writes it on Central's machine.
        Assert.Contains("keys export-reader --type gate", page);

        var audit = await _site.AuditAsync();
        var requested = Assert.Single(audit, e => e.Action == ReaderAdministration.RegisterRequested);
        Assert.Equal(("otto", "gate-77", "gate reader at north/main: New entrance opened"), (requested.Actor, requested.Subject, requested.Reason));
        Assert.Contains(audit, e => e.Action == AuditActions.ReaderRegistered && e.Subject == "gate-77");
        Assert.DoesNotContain(audit, e => e.Reason.Contains(secret, StringComparison.Ordinal));

        // The capture works (the registry's own line is there), and no event holds the secret.
        var events = ProvisioningLogSink.Events.ToList();
        Assert.Contains(events, e => e.Contains("gate-77", StringComparison.Ordinal) && e.Contains("Registered", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains(secret, StringComparison.Ordinal));

        // Shown once: the reader list afterwards carries no secret.
        Assert.DoesNotContain(secret, await client.TextAsync("/Readers"));
    }

    [Fact]
    public async Task A_duplicate_id_is_refused_and_nothing_more_is_registered_or_audited()
    {
        var (_, original) = await _site.Central.RegisterAsync("gate-77", ReaderType.Gate);
        using var client = await SignedInAsync("otto", StaffRole.Operator);

        var page = await (await RegisterAsync(client, "gate-77", "bus", "r1")).Content.ReadAsStringAsync();

        Assert.Contains("already registered", page);
        Assert.DoesNotMatch(SettingsLink(), page);
        var reader = Assert.Single(await _site.Central.Readers.ListAsync(), r => r.Id == "gate-77");
        Assert.Equal(ReaderType.Gate, reader.Type);
        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _site.Central.Readers.CheckAsync("gate-77", original)).Outcome);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == ReaderAdministration.RegisterRequested);
    }

    [Theory]
    [InlineData("gate-78", "tram", "north/main", "type: gate, bus or library")]
    [InlineData("gate-78", "gate", "north", "site/zone")]
    [InlineData("bus-78", "bus", "r1/extra", "the route")]
    [InlineData("Gate 78", "gate", "north/main", "reader id is 1-64")]
    [InlineData("reader-78", "gate", "north/main", "may not start with")]
    public async Task A_bad_id_type_or_place_is_refused_with_a_message_and_registers_nothing(string id, string type, string place, string message)
    {
        using var client = await SignedInAsync("otto", StaffRole.Operator);

        var page = WebUtility.HtmlDecode(await (await RegisterAsync(client, id, type, place)).Content.ReadAsStringAsync());

        Assert.Contains(message, page);
        Assert.Empty(await _site.Central.Readers.ListAsync());
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action is ReaderAdministration.RegisterRequested or AuditActions.ReaderRegistered);
    }

    [Fact]
    public async Task Other_roles_are_refused_and_register_nothing()
    {
        foreach (var (user, role, school) in new[] { ("sam", StaffRole.SchoolAdmin, "Harbour Lyceum"), ("dora", StaffRole.Dpo, null) })
        {
            using var client = await SignedInAsync(user, role, school);
            // A well-formed request with a valid anti-forgery token (taken from the home page this role may open).
            var post = await client.PostFormAsync("/", new Dictionary<string, string>
            {
                ["NewId"] = "gate-79",
                ["NewType"] = "gate",
                ["NewPlace"] = "north/main",
                ["NewReason"] = "New entrance opened",
            }, handler: "Register", action: "/Readers");
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.StartsWith("/Account/Denied", post.Headers.Location!.PathAndQuery);
            var response = await client.GetAsync("/Readers");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
        }
        Assert.Empty(await _site.Central.Readers.ListAsync());
    }

    [GeneratedRegex("download=\"(?<name>[^\"]+)\" href=\"data:application/json;base64,(?<data>[^\"]+)\"")]
    private static partial Regex SettingsLink();
}

/// <summary>A Serilog sink named in settings, so the test reads every event Central writes.</summary>
public static class ProvisioningLogSink
{
    public static readonly ConcurrentQueue<string> Events = new();

    private sealed class Sink : ILogEventSink
    {
        public void Emit(LogEvent logEvent) =>
            Events.Enqueue(logEvent.RenderMessage() + " " + logEvent.Exception + " " + string.Join(' ', logEvent.Properties.Values));
    }

    public static LoggerConfiguration ProvisioningLogCapture(this LoggerSinkConfiguration configuration) =>
        configuration.Sink(new Sink(), LogEventLevel.Verbose);
}
