using System.Diagnostics;
using StudentCard.Central.AllowList;
using StudentCard.Central.Calendar;
using StudentCard.Central.Staff;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.Local;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Rules;

/// <summary>
/// A school admin's closure and an operator's schedule change reach a running gate agent within seconds: Central commits
/// the calendar with a new allow-list version, announces it, and the agent fetches the new policy with the changes.
/// </summary>
public sealed class CalendarChangeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string SyntheticEnrollmentSite = Central.StartupProvisioning.SyntheticEnrollment.Site;

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-calendar-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 10, ReaderIds = ["gate-1"], LogLevel = "Warning" });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_new_closure_and_a_schedule_change_are_in_force_at_the_gate_within_seconds()
    {
        var gate = _system.Reader("gate-1").AgentService<LocalAllowList>();
        var central = _system.CentralService<AccessPolicySource>();
        await Eventually.WaitAsync(() => gate.Current.PolicyJson == central.Json, "the gate to hold Central's policy");
        var editor = _system.CentralService<CalendarEditor>();
        var admin = new CalendarActor("head", StaffRole.SchoolAdmin, DemoSchool.SchoolAdminSchool);
        var site = central.Policy.FindSite(SyntheticEnrollmentSite)!;
        // Today in the site's time zone, or the next day the site is open.
        var today = DateOnly.FromDateTime(site.LocalTime(DateTimeOffset.UtcNow));
        while (site.IsClosedOn(today))
        {
            today = today.AddDays(1);
        }

        var closure = await MeasureAsync(
            () => editor.AddClosureAsync(admin, SyntheticEnrollmentSite, new ClosureEdit(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, "Boiler failure"), "no heating today"),
            () => gate.Current.Policy.FindSite(SyntheticEnrollmentSite)!.IsClosedOn(today));
        var schedule = await MeasureAsync(
            () => editor.ChangeScheduleAsync(new CalendarActor("ops", StaffRole.Operator, null), new ScheduleEdit("pupils", null, [new("Mon-Fri", "07:30", "16:30")]), "new timetable"),
            () => gate.Current.Policy.FindSchedule("pupils")!.Windows.Single().Start == new TimeOnly(7, 30));

        output.WriteLine($"Closure in force at the gate {closure.TotalMilliseconds:0} ms after the change committed; schedule change {schedule.TotalMilliseconds:0} ms.");
        Assert.Equal(central.Fingerprint, Core.Rules.AccessPolicyJson.Fingerprint(gate.Current.PolicyJson));
    }

    /// <summary>How long after the change committed the gate holds it; a generous bound, as in the other end-to-end tests.</summary>
    private static async Task<TimeSpan> MeasureAsync(Func<Task<long>> change, Func<bool> inForce)
    {
        await change();
        var clock = Stopwatch.StartNew();
        await Eventually.WaitAsync(inForce, "the gate to apply the calendar change", seconds: 15);
        return clock.Elapsed;
    }
}
