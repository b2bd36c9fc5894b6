using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Reidentification;
using StudentCard.Central.Safety;

namespace StudentCard.Central.Admin.Pages.RollCall;

/// <summary>
/// Who is inside a site now, for an evacuation: counts per zone and gate pseudonyms. Names only on request with a stated
/// reason, each one an audited re-identification limited to the admin's own school.
/// </summary>
[Authorize(Policy = AdminPolicies.RollCall)]
public sealed class IndexModel(RollCallQuery rollCall, Reidentifier reidentifier) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Site { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The sites of the admin's own school only.</summary>
    public IReadOnlyList<string> Sites => rollCall.SitesOf(User.ScopeOf());

    public RollCallResult? Result { get; private set; }

    /// <summary>Pseudonym → person, filled only after a names request with a reason.</summary>
    public Dictionary<string, ReidentifiedPerson?> Names { get; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostNamesAsync()
    {
        await LoadAsync();
        if (Result is null)
        {
            return;
        }
        foreach (var present in Result.Inside)
        {
            var request = new ReidentificationRequest(User.UserName(), ReaderType.Gate, present.Pseudonym, Reason ?? "", User.ScopeOf());
            if (request.Problem() is { } problem)
            {
                Error = problem;
                Names.Clear();
                return;
            }
            Names[present.Pseudonym] = await reidentifier.FindAsync(request, HttpContext.RequestAborted);
        }
    }

    private async Task LoadAsync()
    {
        var sites = Sites;
        if (sites.Count == 0)
        {
            // Fail closed: a school no site belongs to has no roll call, whatever site is asked for.
            Error = PassageScope.NoSiteNotice;
            return;
        }
        Site ??= sites[0];
        try
        {
            Result = await rollCall.ForSiteAsync(Site, User.ScopeOf(), HttpContext.RequestAborted);
        }
        catch (ArgumentException e)
        {
            Error = e.Message;
        }
    }
}
