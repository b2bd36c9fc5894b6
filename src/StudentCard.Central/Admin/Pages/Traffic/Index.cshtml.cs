using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.AllowList;
using StudentCard.Central.Statistics;

namespace StudentCard.Central.Admin.Pages.Traffic;

/// <summary>Anonymous counts of the signed-in person's purpose: per hour of a chosen UTC day and per day of the fourteen days up to it.</summary>
[Authorize(Policy = AdminPolicies.PassagesRead)]
public sealed class IndexModel(StatisticsReports reports, AccessPolicySource access, TimeProvider time) : PageModel
{
    public const int Days = 14;

    [BindProperty(SupportsGet = true)]
    public DateOnly? Day { get; set; }

    public string Purpose { get; private set; } = "";

    /// <summary>The school's sites for a school-scoped person (counts of other schools' readers are not shown); null: the whole purpose.</summary>
    public IReadOnlyList<string>? Sites { get; private set; }

    /// <summary>Why nothing is shown (no site names the person's school), or null.</summary>
    public string? Notice { get; private set; }

    public DateOnly Shown { get; private set; }

    public IReadOnlyList<ReportRow> HourRows { get; private set; } = [];

    public TrafficChart PerHour { get; private set; } = new([]);

    public TrafficChart PerDay { get; private set; } = new([]);

    public async Task OnGetAsync()
    {
        var scope = PassageScope.Of(User, access);
        var purpose = scope.Purpose;
        Purpose = purpose.Name();
        Sites = scope.Sites;
        Notice = scope.SeesNothing ? PassageScope.NoSiteNotice : null;
        Shown = Day ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var dayStart = Start(Shown);
        var all = await ReportAsync(purpose, dayStart.AddDays(1 - Days), dayStart.AddDays(1));
        HourRows = all.Where(r => r.Hour >= dayStart).ToList();
        PerHour = TrafficChart.Of(Enumerable.Range(0, 24), h => h.ToString("00", CultureInfo.InvariantCulture), HourRows, r => r.Hour.Hour);
        var days = Enumerable.Range(0, Days).Select(i => Shown.AddDays(i + 1 - Days));
        PerDay = TrafficChart.Of(days, d => d.ToString("MM-dd", CultureInfo.InvariantCulture), all, r => DateOnly.FromDateTime(r.Hour.UtcDateTime));
    }

    private Task<IReadOnlyList<ReportRow>> ReportAsync(ReaderType purpose, DateTimeOffset from, DateTimeOffset until) =>
        reports.ReportAsync(purpose, from, until, HttpContext.RequestAborted, Sites);

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
