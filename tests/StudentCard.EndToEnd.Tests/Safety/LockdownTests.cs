using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StudentCard.Central;
using StudentCard.Central.Admin;
using StudentCard.Central.Audit;
using StudentCard.Central.Cli;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core;
using StudentCard.Core.Rules;
using StudentCard.Demo;
using StudentCard.Edge.Link;
using StudentCard.Edge.Safety;
using StudentCard.EndToEnd.Tests.Browser;

namespace StudentCard.EndToEnd.Tests.Safety;

/// <summary>
/// Central with its embedded broker and three gate agents at one site, each driving a simulated PN532 board on a
/// pseudo-terminal: the lockdown command line, signed in as the site's school admin, reaches every agent, and lifting it
/// returns them all to normal.
/// </summary>
public sealed class LockdownTests : IAsyncLifetime
{
    private const string Site = "north";
    private const string Account = "head-teacher";
    private static readonly string[] Gates = ["gate-1", "gate-2", "gate-3"];

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-lockdown-").FullName;
    private LocalSystem _system = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with
        {
            StudentCount = 10,
            ReaderIds = Gates,
            AgentSettings = new Dictionary<string, string?> { ["Edge:Site"] = Site },
        });
        _password = await BrowserCentral.AccountAsync(_system.Central, Account, StaffRole.SchoolAdmin, DemoSchool.SchoolAdminSchool);
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }

    private SiteModes ModesAt(string readerId) => _system.Reader(readerId).AgentService<SiteModes>();

    private async Task<int> CommandAsync(params string[] args)
    {
        var url = _system.Central.Services.GetRequiredService<AdminEndpoint>().Url;
        var error = new StringWriter();
        var input = new CliInput(name => name == AdminApiClient.PasswordVariable ? _password : null, RedirectedInput: null);
        var code = await CentralCli.RunAsync([.. args, "--account", Account, "--central", url], TextWriter.Null, error, input);
        Assert.True(code == 0, $"lockdown {string.Join(' ', args)} failed: {error}");
        return code;
    }

    private async Task<SiteModeRecord> StoredAsync() =>
        (await _system.Central.Services.GetRequiredService<SiteModeService>().AllAsync()).Single(m => m.Site == Site);

    private Task WaitForModeAsync(string readerId, SafetyMode mode, long sequence) =>
        Eventually.WaitAsync(() => ModesAt(readerId).Current is { } current && current.Mode == mode && current.Sequence == sequence,
            $"{readerId} to apply {mode} (sequence {sequence}); it holds {ModesAt(readerId).Current?.Mode}/{ModesAt(readerId).Current?.Sequence}");

    [Fact]
    public async Task A_lockdown_from_the_command_line_reaches_every_gate_agent_and_lifting_it_returns_them_to_normal()
    {
        var guard = _system.Students[0];
        Assert.All(Gates, id => Assert.Null(ModesAt(id).Current));

        await CommandAsync("lockdown", "start", "--site", Site, "--override", guard.StudentNumber, "--reason", "intruder reported");
        var lockdown = await StoredAsync();
        foreach (var id in Gates)
        {
            await WaitForModeAsync(id, SafetyMode.Lockdown, lockdown.Sequence);
        }
        Assert.All(Gates, id => Assert.True(ModesAt(id).Current!.Override.SetEquals(lockdown.Override.Split(' '))));

        // At the readers: an entitled pupil is turned away with the lockdown's reason and its red pattern; the override passes.
        var pupil = Enumerable.Range(1, _system.Students.Count - 1).First(i => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate));
        var denied = await GateTaps.TapAndWaitForPassageAsync(_system, "gate-2", _system.Students[pupil].CardUid);
        Assert.Equal(("deny", "lockdown", true, false), (denied.Passage.Decision, denied.Passage.Reason, denied.Red, denied.Green));
        var passed = await GateTaps.TapAndWaitForPassageAsync(_system, "gate-3", guard.CardUid);
        Assert.Equal(("allow", "none", true), (passed.Passage.Decision, passed.Passage.Reason, passed.Green));

        await CommandAsync("lockdown", "lift", "--site", Site, "--reason", "all clear");
        var lift = await StoredAsync();
        foreach (var id in Gates)
        {
            await WaitForModeAsync(id, SafetyMode.Normal, lift.Sequence);
        }

        Assert.True(lift.Sequence > lockdown.Sequence);
        Assert.Equal(SafetyMode.Normal, lift.Mode);
        var entitled = Enumerable.Range(0, _system.Students.Count).First(i => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate));
        var tap = await GateTaps.TapAndWaitForPassageAsync(_system, "gate-1", _system.Students[entitled].CardUid);
        Assert.Equal(("allow", true), (tap.Passage.Decision, tap.Green));
    }

    [ChromiumFact]
    public async Task A_school_admin_locks_the_site_down_from_the_admin_ui_on_a_phone_without_script_and_every_gate_agent_refuses_a_pupil()
    {
        var guard = _system.Students[0];
        var pupil = Enumerable.Range(1, _system.Students.Count - 1).First(i => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate));
        await using var browser = await AdminBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(_system.Central.Services.GetRequiredService<AdminEndpoint>().Url, width: 390, height: 844, javaScript: false);
        await AdminBrowser.SignInAsync(page, Account, _password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Lockdown" }).ClickAsync();
        var form = page.GetByTestId("lockdown-form");

        // A mistyped confirmation changes nothing.
        await form.Locator("select[name='Site']").SelectOptionAsync(Site);
        await form.GetByLabel("Reason").FillAsync("intruder reported at the north gate");
        await form.GetByLabel("Override student numbers").FillAsync(guard.StudentNumber);
        await form.GetByLabel("Type the site's name to confirm").FillAsync("nort");
        await form.GetByRole(AriaRole.Button, new() { Name = "Lock down" }).ClickAsync();
        Assert.Contains("type the site's name (north) exactly", await page.GetByTestId("safety-error").TextContentAsync());
        Assert.Empty(await _system.Central.Services.GetRequiredService<SiteModeService>().AllAsync());

        form = page.GetByTestId("lockdown-form");
        await form.GetByLabel("Reason").FillAsync("intruder reported at the north gate");
        await form.GetByLabel("Override student numbers").FillAsync(guard.StudentNumber);
        await form.GetByLabel("Type the site's name to confirm").FillAsync(Site);
        await form.GetByRole(AriaRole.Button, new() { Name = "Lock down" }).ClickAsync();
        var lockdown = await StoredAsync();
        Assert.Equal($"Site north is in lockdown mode (sequence {lockdown.Sequence}, 1 override pseudonyms). Sent to the site's gate readers.",
            await page.GetByTestId("safety-outcome").TextContentAsync());
        Assert.Contains("lockdown", await page.GetByTestId("site-modes").TextContentAsync());
        await AdminBrowser.ScreenshotAsync(page, "safety-lockdown-phone");

        foreach (var id in Gates)
        {
            await WaitForModeAsync(id, SafetyMode.Lockdown, lockdown.Sequence);
            var denied = await GateTaps.TapAndWaitForPassageAsync(_system, id, _system.Students[pupil].CardUid);
            Assert.Equal(("deny", "lockdown", true), (denied.Passage.Decision, denied.Passage.Reason, denied.Red));
        }
        await using var audit = await _system.Central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        var entry = await audit.Entries.SingleAsync(e => e.Action == SafetyActions.Lockdown);
        Assert.Equal((Account, $"site {Site}"), (entry.Actor, entry.Subject));
        Assert.StartsWith("intruder reported at the north gate", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gate_agent_restarted_without_a_broker_keeps_the_lockdown_and_learns_the_lift_once_it_reconnects()
    {
        var modes = _system.Central.Services.GetRequiredService<SiteModeService>();
        var lockdown = await modes.LockdownAsync(Site, [], "head-teacher", "intruder reported");
        foreach (var id in Gates)
        {
            await WaitForModeAsync(id, SafetyMode.Lockdown, lockdown.Sequence);
        }
        var offline = _system.Reader("gate-2");
        await _system.StopAgentAsync(offline);

        _system.Options.AgentSettings["Edge:MqttPort"] = UnusedPort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _system.StartAgentAsync(offline);
        Assert.Equal((SafetyMode.Lockdown, lockdown.Sequence), (ModesAt("gate-2").Current!.Mode, ModesAt("gate-2").Current!.Sequence));
        var lift = await modes.LiftAsync(Site, "head-teacher", "all clear");
        await WaitForModeAsync("gate-1", SafetyMode.Normal, lift.Sequence);
        await WaitForModeAsync("gate-3", SafetyMode.Normal, lift.Sequence);
        Assert.False(offline.AgentService<LinkState>().Connected);
        Assert.Equal(SafetyMode.Lockdown, ModesAt("gate-2").Current!.Mode);

        await _system.StopAgentAsync(offline);
        _system.Options.AgentSettings.Remove("Edge:MqttPort");
        await _system.StartAgentAsync(offline);
        await WaitForModeAsync("gate-2", SafetyMode.Normal, lift.Sequence);
    }

    [Fact]
    public async Task An_evacuation_releases_every_gate_even_for_an_unknown_card_and_is_recorded_on_each_passage()
    {
        var evacuation = await _system.Central.Services.GetRequiredService<SiteModeService>().EvacuateAsync(Site, "head-teacher", "fire alarm");
        foreach (var id in Gates)
        {
            await WaitForModeAsync(id, SafetyMode.Evacuation, evacuation.Sequence);
        }

        var stranger = await GateTaps.TapAndWaitForPassageAsync(_system, "gate-1", [0xE0, 0x0E, 0x01, 0x02]);

        Assert.Equal(("allow", "evacuation", true), (stranger.Passage.Decision, stranger.Passage.Reason, stranger.Green));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
