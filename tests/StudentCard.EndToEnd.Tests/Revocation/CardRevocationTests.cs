using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin;
using StudentCard.Central.Cli;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.EndToEnd.Tests.Browser;
using StudentCard.EndToEnd.Tests.Safety;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Revocation;

/// <summary>
/// Central, its embedded broker and a gate agent driving a simulated board: a school admin reports a pupil's card lost on
/// the command line while Central runs, through its admin API, and the gate refuses the card within seconds.
/// </summary>
public sealed class CardRevocationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Account = "head-teacher";

    /// <summary>Generous: the allow-list delta is published as the revocation is committed and usually arrives within a second.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-card-revoke-").FullName;
    private LocalSystem _system = null!;
    private string _password = null!;

    public async Task InitializeAsync()
    {
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 10, ReaderIds = ["gate-1"] });
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

    [Fact]
    public async Task A_card_revoked_on_the_command_line_while_Central_runs_is_refused_at_the_gate_within_seconds()
    {
        var index = Enumerable.Range(0, _system.Students.Count)
            .First(i => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate) && _system.Students[i].School == DemoSchool.SchoolAdminSchool);
        // An entitled pupil's card: on the gate's allow-list until the revocation.
        var pupil = _system.Students[index];
        var list = _system.Reader("gate-1").AgentService<LocalAllowList>();
        var version = list.Current.Version;
        var replaced = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        list.Replaced += snapshot =>
        {
            if (snapshot.Version > version)
            {
                replaced.TrySetResult(clock.Elapsed);
            }
        };

        var said = new StringWriter();
        var error = new StringWriter();
        var input = new CliInput(name => name == AdminApiClient.PasswordVariable ? _password : null, RedirectedInput: null);
        var code = await CentralCli.RunAsync(["cards", "revoke", "--student", pupil.StudentNumber, "--status", "lost", "--reason", "reported lost at the office",
            "--account", Account, "--central", _system.Central.Services.GetRequiredService<AdminEndpoint>().Url], said, error, input);
        var answered = clock.Elapsed;
        Assert.True(code == CliExit.Ok, error.ToString());
        var arrived = await replaced.Task.WaitAsync(Bound);
        output.WriteLine($"cards revoke answered after {answered.TotalMilliseconds:F0} ms; the gate held the new allow-list {arrived.TotalMilliseconds:F0} ms after the command started.");

        var after = await GateTaps.TapAndWaitForPassageAsync(_system, "gate-1", pupil.CardUid);

        Assert.Equal(("deny", "lost_card", true), (after.Passage.Decision, after.Passage.Reason, after.Red));
        Assert.Contains($"of pupil {pupil.StudentNumber} is lost", said.ToString(), StringComparison.Ordinal);
    }
}
