using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Retention;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// The traffic page charts the anonymous hourly counts of the signed-in person's own purpose, with small cells suppressed;
/// a school admin sees only the counts of readers at their school's sites (the site is kept on the count when passages expire).
/// </summary>
public sealed class TrafficPageTests : IAsyncLifetime
{
    private const string North = "Northfield Primary";
    private const string West = "Harbour Lyceum";
    // Two days ago: within the window of time Central stores passages from.
    private static readonly DateTimeOffset Morning = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(7).AddMinutes(10);
    private static readonly string Day = Morning.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly string Row = Morning.ToString("MM-dd", CultureInfo.InvariantCulture);

    private AdminSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync([.. Safety.SchoolSettings.Arguments, $"--Access:Sites:0:School={North}", $"--Access:Sites:1:School={West}"]);
        await _site.Central.RegisterAsync("gate-1", ReaderType.Gate);
        await _site.Central.RegisterAsync("gate-2", ReaderType.Gate);
        await _site.Central.RegisterAsync("bus-1", ReaderType.Bus);
        // Bus: six rides and one refusal at 07, two rides at 09 (a small cell); gate-1 (west): eight entries at 07; gate-2 (north): seven at 08.
        await _site.IngestAsync(ReaderType.Bus, "bus-1",
            [.. Taps('b', 6, "allow", Morning), .. Taps('c', 1, "deny", Morning.AddMinutes(20)), .. Taps('d', 2, "allow", Morning.AddHours(2))]);
        await _site.IngestAsync(ReaderType.Gate, "gate-1", At("west/main", Taps('a', 8, "allow", Morning)));
        await _site.IngestAsync(ReaderType.Gate, "gate-2", At("north/main", Taps('e', 7, "allow", Morning.AddHours(1))));
        // Counts are made when passages expire: run the retention sweeper's expiry for both purposes.
        var stores = _site.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>();
        var cutoff = Morning.AddDays(1);
        Assert.Equal(9, await PassageExpiry.DeleteExpiredAsync(stores, ReaderType.Bus, cutoff, 100, CancellationToken.None));
        Assert.Equal(15, await PassageExpiry.DeleteExpiredAsync(stores, ReaderType.Gate, cutoff, 100, CancellationToken.None));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static (string Pseudonym, string Decision, string Reason, DateTimeOffset At)[] Taps(char pseudonym, int count, string decision, DateTimeOffset at) =>
        Enumerable.Range(0, count)
            .Select(i => ($"{pseudonym}{i:x}".PadRight(32, pseudonym), decision, decision == "allow" ? "none" : "expired", at.AddMinutes(i)))
            .ToArray();

    private static (string, int, string?, string, string, string, DateTimeOffset)[] At(string place, (string Pseudonym, string Decision, string Reason, DateTimeOffset At)[] taps) =>
        taps.Select(t => (t.Pseudonym, 1, (string?)place, "In", t.Decision, t.Reason, t.At)).ToArray();

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await _site.AccountAsync(user, role, school);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    [Fact]
    public async Task A_transport_admin_sees_bus_counts_with_small_cells_suppressed_and_no_gate_counts()
    {
        using var client = await SignedInAsync("tara", StaffRole.TransportAdmin);

        var page = await client.TextAsync($"/Traffic?Day={Day}");
        Assert.Contains("bus traffic", page);
        Assert.Contains("<td>07:00</td><td>bus-1</td><td>None</td><td>6</td><td>&lt;5</td>", page);
        Assert.Contains("<td>09:00</td><td>bus-1</td><td>None</td><td>&lt;5</td><td>&lt;5</td>", page);
        Assert.Contains($"<tr><td>{Row}</td><td>6</td><td>yes</td></tr>", page);
        Assert.Contains("<title>07: 6</title>", page);
        Assert.DoesNotContain("gate-1", page);
        Assert.DoesNotContain("<td>8</td>", page);
    }

    [Fact]
    public async Task A_school_admin_sees_gate_counts_and_not_bus_counts()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin, "Harbour Lyceum");

        var page = await client.TextAsync($"/Traffic?Day={Day}");
        Assert.Contains("gate traffic", page);
        Assert.Contains("<td>07:00</td><td>gate-1</td><td>In</td><td>8</td><td>&lt;5</td>", page);
        Assert.Contains($"<tr><td>{Row}</td><td>8</td><td></td></tr>", page);
        Assert.DoesNotContain("bus-1", page);
        Assert.DoesNotContain("gate-2", page);
    }

    [Fact]
    public async Task Each_school_admin_sees_only_the_counts_of_readers_at_their_schools_sites()
    {
        using var north = await SignedInAsync("nora", StaffRole.SchoolAdmin, North);
        using var nowhere = await SignedInAsync("elm", StaffRole.SchoolAdmin, "Elm Valley College");

        var northPage = await north.TextAsync($"/Traffic?Day={Day}");
        var nowherePage = await nowhere.TextAsync($"/Traffic?Day={Day}");

        Assert.Contains("<td>08:00</td><td>gate-2</td><td>In</td><td>7</td><td>&lt;5</td>", northPage);
        Assert.Contains($"<tr><td>{Row}</td><td>7</td><td></td></tr>", northPage);
        Assert.DoesNotContain("gate-1", northPage);
        // No site names this school: nothing, not everything, and the page says why.
        Assert.Contains("No site is assigned to your school", nowherePage);
        Assert.DoesNotContain("gate-1", nowherePage);
        Assert.DoesNotContain("gate-2", nowherePage);
    }

    [Fact]
    public async Task Another_day_shows_no_counts()
    {
        using var client = await SignedInAsync("tara", StaffRole.TransportAdmin);
        Assert.Contains("No counts for this day.", await client.TextAsync($"/Traffic?Day={Morning.AddDays(-12):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task The_operator_does_not_reach_traffic()
    {
        using var client = await SignedInAsync("otto", StaffRole.Operator);
        var response = await client.GetAsync("/Traffic");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
    }
}
