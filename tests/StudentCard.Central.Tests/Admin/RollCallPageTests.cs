using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.Passages;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>"Who is inside now" for an evacuation: counts and pseudonyms for the school admin; names only with a reason, audited.</summary>
public sealed class RollCallPageTests : IAsyncLifetime
{
    private AdminSite _site = null!;
    private IReadOnlyList<SyntheticStudent> _pupils = null!;

    public async Task InitializeAsync()
    {
        _pupils = SyntheticRoster.Generate(40).GroupBy(s => s.School).First().Take(3).ToList();
        // Both sites belong to the pupils' school, whose admin reaches their roll calls.
        _site = await AdminSite.StartAsync([.. SchoolSettings.Arguments, $"--Access:Sites:0:School={_pupils[0].School}", $"--Access:Sites:1:School={_pupils[0].School}"]);
        await _site.Central.Services.EnrollAsync(_pupils, Roster.Valid(ReaderType.Gate));
        await _site.Central.RegisterAsync("gate-in", ReaderType.Gate);
        await _site.Central.RegisterAsync("gate-out", ReaderType.Gate);
        var now = DateTimeOffset.UtcNow;
        // Pupil 0 came in; pupil 1 came in and left; pupil 2 was refused at the door.
        await IngestAsync("gate-in", (0, "in", "allow", now.AddMinutes(-30)), (1, "in", "allow", now.AddMinutes(-29)), (2, "in", "deny", now.AddMinutes(-28)));
        await IngestAsync("gate-out", (1, "out", "allow", now.AddMinutes(-5)));
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Gate(int pupil) => Roster.Pseudonym(Roster.Token(_pupils[pupil], _site.Central.Keys), ReaderType.Gate, _site.Central.Keys);

    private async Task IngestAsync(string reader, params (int Pupil, string Direction, string Decision, DateTimeOffset At)[] taps)
    {
        var batch = new PassageBatch(taps.Select(t => new PassageMessage(
            Guid.CreateVersion7(t.At), reader, "gate", Gate(t.Pupil), 1, t.At, t.Decision, t.Decision == "allow" ? "none" : "unknown_card", t.Direction, "north/main")).ToList());
        await _site.Central.Services.GetRequiredService<PassageIngest>().IngestAsync(ReaderType.Gate, reader, MessageJson.Serialize(batch), CancellationToken.None);
    }

    private async Task<AdminClient> SignedInAsync(string user, StaffRole role)
    {
        var password = await _site.AccountAsync(user, role, _pupils[0].School);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    [Fact]
    public async Task The_roll_call_lists_who_came_in_and_did_not_leave_as_pseudonyms_and_names_only_with_a_reason()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);

        var page = await client.TextAsync("/RollCall?Site=north");
        Assert.Contains("<strong>1</strong> inside north", page);
        Assert.Contains(Gate(0), page);
        Assert.DoesNotContain(Gate(1), page);
        Assert.DoesNotContain(Gate(2), page);
        Assert.DoesNotContain(_pupils[0].FamilyName, page);

        var refused = await (await client.PostFormAsync("/RollCall", new Dictionary<string, string> { ["Site"] = "north", ["Reason"] = "" }, handler: "Names")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(_pupils[0].FamilyName, refused);
        Assert.DoesNotContain(await _site.AuditAsync(), e => e.Action == AuditActions.Reidentification);

        var named = await (await client.PostFormAsync("/RollCall", new Dictionary<string, string> { ["Site"] = "north", ["Reason"] = "Fire evacuation roll call at the assembly point" }, handler: "Names")).Content.ReadAsStringAsync();
        Assert.Contains(_pupils[0].FamilyName, named);
        Assert.DoesNotContain(_pupils[1].FamilyName, named);
        var entry = Assert.Single(await _site.AuditAsync(), e => e.Action == AuditActions.Reidentification);
        Assert.Equal(("sam", $"gate:{Gate(0)}"), (entry.Actor, entry.Subject));
        Assert.StartsWith("Fire evacuation roll call", entry.Reason);
    }

    [Theory]
    [InlineData(StaffRole.TransportAdmin)]
    [InlineData(StaffRole.Librarian)]
    [InlineData(StaffRole.Dpo)]
    public async Task Only_school_admins_reach_the_roll_call(StaffRole role)
    {
        using var client = await SignedInAsync("someone", role);
        var response = await client.GetAsync("/RollCall");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task An_unknown_site_is_named_with_the_known_ones()
    {
        using var client = await SignedInAsync("sam", StaffRole.SchoolAdmin);
        Assert.Contains("No site &#x27;nowhere&#x27;; the sites are: north, west", await client.TextAsync("/RollCall?Site=nowhere"));
    }
}
