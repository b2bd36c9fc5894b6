using System.Net;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Suspicious use is flagged for the admins of its purpose only, and each view is audited.</summary>
public sealed class AlertsPageTests : IAsyncLifetime
{
    private static readonly string LostGateCard = new('1', 32);
    private static readonly string LostBusCard = new('2', 32);
    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        await _site.Central.RegisterAsync("gate-1", ReaderType.Gate);
        await _site.Central.RegisterAsync("bus-1", ReaderType.Bus);
        var now = DateTimeOffset.UtcNow;
        await _site.IngestAsync(ReaderType.Gate, "gate-1", (LostGateCard, "deny", "lost_card", now.AddMinutes(-3)));
        await _site.IngestAsync(ReaderType.Bus, "bus-1", (LostBusCard, "deny", "lost_card", now.AddMinutes(-2)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_transport_admin_sees_the_bus_alert_and_not_the_gate_one_and_the_view_is_audited()
    {
        var password = await _site.AccountAsync("tina", StaffRole.TransportAdmin);
        using var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("tina", password)).StatusCode);

        var page = await client.TextAsync("/Alerts");

        Assert.Contains("LostCardUsed", page);
        Assert.Contains(LostBusCard, page);
        Assert.DoesNotContain(LostGateCard, page);
        Assert.Contains(await _site.AuditAsync(), e => e.Actor == "tina" && e.Action == AuditActions.AlertsRead && e.Subject == "bus alerts");
    }

    [Fact]
    public async Task The_dpo_and_the_operator_do_not_reach_the_alerts()
    {
        foreach (var (user, role) in new[] { ("dora", StaffRole.Dpo), ("otto", StaffRole.Operator) })
        {
            var password = await _site.AccountAsync(user, role);
            using var client = _site.Client();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
            var response = await client.GetAsync("/Alerts");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
        }
    }
}
