using System.Net;
using System.Text.Json;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Each role reaches only its own purpose's data and its own kind of work, by page and by API; passage reads are audited.</summary>
public sealed class RoleScopeTests : IAsyncLifetime
{
    // Two days ago: within the window of time Central stores passages from.
    private static readonly DateTimeOffset Morning = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(7).AddMinutes(30);
    private static readonly string GatePseudonym = new('a', 32);
    private static readonly string BusPseudonym = new('b', 32);

    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        // The school admin's school has the site the gate readers stand at (passages are shown by site).
        _site = await AdminSite.StartAsync([.. Safety.SchoolSettings.Arguments, "--Access:Sites:0:School=Harbour Lyceum"]);
        await _site.Central.RegisterAsync("gate-1", ReaderType.Gate);
        await _site.Central.RegisterAsync("gate-2", ReaderType.Gate);
        await _site.Central.RegisterAsync("bus-1", ReaderType.Bus);
        await _site.IngestAsync(ReaderType.Gate, "gate-1",
            (GatePseudonym, 1, "north/main", "In", "allow", "none", Morning),
            (GatePseudonym, 1, "north/main", "In", "deny", "expired", Morning.AddMinutes(1)));
        await _site.IngestAsync(ReaderType.Gate, "gate-2", (new string('c', 32), 1, "north/main", "In", "allow", "none", Morning.AddHours(2)));
        await _site.IngestAsync(ReaderType.Bus, "bus-1", (BusPseudonym, "allow", "none", Morning));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_transport_admin_sees_bus_passages_only_and_cannot_reach_gate_data_or_other_work()
    {
        using var client = await SignedInAsync("tara", StaffRole.TransportAdmin);

        var api = await PassagesAsync(client, "/api/passages");
        Assert.Equal("bus", api.GetProperty("purpose").GetString());
        Assert.Equal([BusPseudonym], Pseudonyms(api));
        var page = await client.TextAsync("/Passages");
        Assert.Contains(BusPseudonym, page);
        Assert.DoesNotContain(GatePseudonym, page);

        // No parameter reaches another purpose: the purpose comes from the sign-in, not the request.
        Assert.Equal([BusPseudonym], Pseudonyms(await PassagesAsync(client, "/api/passages?purpose=gate")));
        Assert.Empty(Pseudonyms(await PassagesAsync(client, "/api/passages?reader=gate-1")));
        foreach (var path in new[] { "/Reidentification", "/Readers", "/Audit" })
        {
            var denied = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/Account/Denied", denied.Headers.Location!.PathAndQuery);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/readers")).StatusCode);
    }

    [Fact]
    public async Task A_school_admin_filters_gate_passages_by_reader_time_and_decision_and_each_read_is_audited()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");

        Assert.Equal(3, Pseudonyms(await PassagesAsync(client, "/api/passages")).Count);
        var denied = await PassagesAsync(client, "/api/passages?decision=deny");
        Assert.Equal("expired", denied.GetProperty("items")[0].GetProperty("reason").GetString());
        Assert.Single(Pseudonyms(denied));
        Assert.Equal(2, Pseudonyms(await PassagesAsync(client, "/api/passages?reader=gate-1")).Count);
        var window = $"/api/passages?from={Uri.EscapeDataString(Morning.AddMinutes(30).ToString("O"))}&to={Uri.EscapeDataString(Morning.AddHours(3).ToString("O"))}";
        Assert.Equal([new string('c', 32)], Pseudonyms(await PassagesAsync(client, window)));
        var page = await client.TextAsync("/Passages?Decision=allow&Reader=gate-2");
        Assert.Contains(new string('c', 32), page);
        Assert.DoesNotContain(GatePseudonym, page);

        var reads = (await _site.AuditAsync()).Where(e => e.Action == AuditActions.PassagesRead).ToList();
        Assert.Equal(5, reads.Count);
        Assert.All(reads, e => Assert.Equal("sam", e.Actor));
        Assert.All(reads, e => Assert.Equal("gate passages", e.Subject));
        Assert.Contains(reads, e => e.Reason.Contains("reader=gate-2") && e.Reason.Contains("decision=allow"));
    }

    [Theory]
    [InlineData("/api/passages?decision=maybe")]
    [InlineData("/api/passages?page=0")]
    [InlineData("/api/passages?from=2026-09-02T00:00:00Z&to=2026-09-01T00:00:00Z")]
    [InlineData("/api/passages?from=yesterday")]
    public async Task A_bad_filter_is_a_400_and_reads_nothing(string path)
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(path)).StatusCode);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == AuditActions.PassagesRead);
    }

    [Theory]
    [InlineData(StaffRole.Dpo)]
    [InlineData(StaffRole.Operator)]
    public async Task Roles_without_a_purpose_read_no_passages(StaffRole role)
    {
        using var client = await SignedInAsync("someone", role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/passages")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Passages")).StatusCode);
    }

    [Fact]
    public async Task Only_the_dpo_reads_the_audit_log_and_sees_the_chain_verified()
    {
        using var dpo = await SignedInAsync("dora", StaffRole.Dpo);
        var page = await dpo.TextAsync("/Audit");
        Assert.Contains("Audit log intact", page);
        Assert.Contains(AuditActions.ReaderRegistered, page);

        using var librarian = await SignedInAsync("lib", StaffRole.Librarian);
        Assert.Equal(HttpStatusCode.Redirect, (await librarian.GetAsync("/Audit")).StatusCode);
    }

    [Fact]
    public async Task An_operator_revokes_a_reader_with_a_reason_and_both_who_and_why_are_audited()
    {
        using var client = await SignedInAsync("olga", StaffRole.Operator);
        Assert.Contains("gate-2", await client.TextAsync("/Readers"));

        var refused = await client.PostFormAsync("/Readers", new Dictionary<string, string> { ["readerId"] = "gate-2", ["reason"] = "" }, handler: "Revoke");
        Assert.Contains("State why this reader is revoked", await refused.Content.ReadAsStringAsync());
        Assert.Null((await _site.Central.Readers.ListAsync()).Single(r => r.Id == "gate-2").RevokedAt);

        var revoked = await client.PostFormAsync("/Readers", new Dictionary<string, string> { ["readerId"] = "gate-2", ["reason"] = "board stolen from the east gate" }, handler: "Revoke");
        Assert.Contains("Reader gate-2 is revoked", await revoked.Content.ReadAsStringAsync());
        Assert.NotNull((await _site.Central.Readers.ListAsync()).Single(r => r.Id == "gate-2").RevokedAt);
        var audit = await _site.AuditAsync();
        Assert.Contains(audit, e => e is { Actor: "olga", Action: "reader.revoke-requested", Subject: "gate-2", Reason: "board stolen from the east gate" });
        Assert.Contains(audit, e => e is { Action: AuditActions.ReaderRevoked, Subject: "gate-2" });
    }

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<JsonElement> PassagesAsync(AdminClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static List<string> Pseudonyms(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("pseudonym").GetString()!).ToList();
}
