using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Pages.Passages;

/// <summary>
/// The signed-in person's purpose's passages (a school admin's: at their school's sites only), filtered by reader, time
/// range and decision, a page at a time.
/// </summary>
[Authorize(Policy = AdminPolicies.PassagesRead)]
public sealed class IndexModel(PassageQueries passages, AccessPolicySource access) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Reader { get; set; }

    /// <summary>UTC, as the browser's datetime-local field sends it (no offset).</summary>
    [BindProperty(SupportsGet = true)]
    public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Decision { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public string Purpose { get; private set; } = "";

    public IReadOnlyList<string> Readers { get; private set; } = [];

    public PassagePage? Result { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The sites shown, for a school-scoped person; null: the whole purpose.</summary>
    public IReadOnlyList<string>? Sites { get; private set; }

    /// <summary>Set when the person's school has no site, so there is nothing they may see.</summary>
    public string? Notice { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = PassageScope.Of(User, access);
        Purpose = scope.Purpose.Name();
        Sites = scope.Sites;
        if (scope.SeesNothing)
        {
            Notice = PassageScope.NoSiteNotice;
            return;
        }
        Readers = await passages.ReaderIdsAsync(scope, HttpContext.RequestAborted);
        var filter = new PassageFilter(Reader, Utc(From), Utc(To), Decision, PageNumber);
        Error = ModelState.IsValid ? filter.Problem() : "A filter value could not be read; times are year-month-day hour:minute.";
        if (Error is null)
        {
            Result = await passages.ReadAsync(User.UserName(), scope, filter, HttpContext.RequestAborted);
        }
    }

    public Dictionary<string, string> RouteFor(int page)
    {
        var route = new Dictionary<string, string> { ["p"] = page.ToString(CultureInfo.InvariantCulture) };
        Add(route, "Reader", Reader);
        Add(route, "From", From?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        Add(route, "To", To?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        Add(route, "Decision", Decision);
        return route;
    }

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    private static void Add(Dictionary<string, string> route, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            route[key] = value;
        }
    }
}
