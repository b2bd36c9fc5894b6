using System.Net;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>An alert is acknowledged by an admin of its purpose (who and when recorded, the note audited); other purposes cannot touch it.</summary>
public sealed class AlertAcknowledgeTests : IAsyncLifetime
{
    private static readonly string LostGateCard = new('3', 32);
    private static readonly string OtherGateCard = new('5', 32);
    private static readonly string LostBusCard = new('4', 32);
    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        await _site.Central.RegisterAsync("gate-1", ReaderType.Gate);
        await _site.Central.RegisterAsync("bus-1", ReaderType.Bus);
        var now = DateTimeOffset.UtcNow;
        await _site.IngestAsync(ReaderType.Gate, "gate-1", (OtherGateCard, "deny", "lost_card", now.AddMinutes(-5)));
        await _site.IngestAsync(ReaderType.Gate, "gate-1", (LostGateCard, "deny", "lost_card", now.AddMinutes(-4)));
        await _site.IngestAsync(ReaderType.Bus, "bus-1", (LostBusCard, "deny", "lost_card", now.AddMinutes(-3)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    private async Task<Alert> AlertAsync(string pseudonym)
    {
        await using var db = _site.Central.CentralDb();
        return await db.Alerts.AsNoTracking().SingleAsync(a => a.Pseudonym == pseudonym);
    }

    private static Task<HttpResponseMessage> AcknowledgeAsync(AdminClient client, long id, string note, string page = "/Alerts") =>
        client.PostFormAsync(page, new Dictionary<string, string> { ["alertId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["note"] = note },
            handler: "Acknowledge", action: "/Alerts");

    [Fact]
    public async Task A_school_admin_acknowledges_a_gate_alert_with_a_note_and_who_when_and_the_note_are_recorded()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");
        var alert = await AlertAsync(LostGateCard);

        var page = await (await AcknowledgeAsync(client, alert.Id, "Checked with the caretaker")).Content.ReadAsStringAsync();

        Assert.Contains($"Alert {alert.Id} is acknowledged.", page);
        var stored = await AlertAsync(LostGateCard);
        Assert.True(stored.Acknowledged);
        Assert.Equal("sam", stored.AcknowledgedBy);
        Assert.NotNull(stored.AcknowledgedAt);
        Assert.InRange(stored.AcknowledgedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action == AlertAcknowledgement.AuditAction);
        Assert.Equal(("sam", $"gate alert {alert.Id}", "Checked with the caretaker"), (entry.Actor, entry.Subject, entry.Reason));

        // Open alerts only by default: the acknowledged one is gone from it and shown, with who, under "all".
        var open = await client.TextAsync("/Alerts");
        Assert.DoesNotContain(LostGateCard, open);
        Assert.Contains(OtherGateCard, open);
        var all = await client.TextAsync("/Alerts?show=all");
        Assert.Contains(LostGateCard, all);
        Assert.Contains("Acknowledged by sam", all);
        // Open first: the older open alert comes before the newer acknowledged one.
        Assert.True(all.IndexOf(OtherGateCard, StringComparison.Ordinal) < all.IndexOf(LostGateCard, StringComparison.Ordinal));

        // A second acknowledgement changes nothing and adds no entry.
        Assert.Contains("already acknowledged", await (await AcknowledgeAsync(client, alert.Id, "again")).Content.ReadAsStringAsync());
        Assert.Single(await _site.AuditAsync(), e => e.Action == AlertAcknowledgement.AuditAction);
    }

    [Fact]
    public async Task A_transport_admin_cannot_acknowledge_a_gate_alert_and_does_not_see_it()
    {
        using var client = await SignedInAsync("tina", StaffRole.TransportAdmin);
        var gateAlert = await AlertAsync(LostGateCard);

        var page = await (await AcknowledgeAsync(client, gateAlert.Id, "not mine")).Content.ReadAsStringAsync();

        Assert.Contains("There is no such alert in your purpose.", page);
        Assert.DoesNotContain(LostGateCard, page);
        Assert.DoesNotContain(LostGateCard, await client.TextAsync("/Alerts?show=all"));
        var stored = await AlertAsync(LostGateCard);
        Assert.False(stored.Acknowledged);
        Assert.Null(stored.AcknowledgedBy);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == AlertAcknowledgement.AuditAction);

        // Their own purpose's alert they can.
        var busAlert = await AlertAsync(LostBusCard);
        Assert.Contains($"Alert {busAlert.Id} is acknowledged.", await (await AcknowledgeAsync(client, busAlert.Id, "")).Content.ReadAsStringAsync());
        Assert.Equal("tina", (await AlertAsync(LostBusCard)).AcknowledgedBy);
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action == AlertAcknowledgement.AuditAction);
        Assert.Equal(("tina", $"bus alert {busAlert.Id}", "acknowledged"), (entry.Actor, entry.Subject, entry.Reason));
    }

    [Fact]
    public async Task Roles_without_alerts_are_refused_and_change_nothing()
    {
        foreach (var (user, role) in new[] { ("dora", StaffRole.Dpo), ("otto", StaffRole.Operator) })
        {
            using var client = await SignedInAsync(user, role);
            var response = await AcknowledgeAsync(client, (await AlertAsync(LostGateCard)).Id, "not mine", page: "/");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
        }
        Assert.False((await AlertAsync(LostGateCard)).Acknowledged);
    }
}
