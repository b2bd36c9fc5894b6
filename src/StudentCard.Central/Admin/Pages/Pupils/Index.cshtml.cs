using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Pupils;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Pages.Pupils;

/// <summary>
/// A school admin finds a pupil of their school by name or student number, with the purpose of the search, and opens
/// their page: rights by purpose, cards, and the reasons of their recent gate refusals, in the site's time zone.
/// Posted, never a query string, so neither a name nor a reason lands in a URL or an access log.
/// </summary>
[Authorize(Policy = AdminPolicies.Pupils)]
public sealed class IndexModel(PupilDirectory pupils, AccessPolicySource access) : PageModel
{
    [BindProperty]
    public string? Query { get; set; }

    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public int MinimumReasonLength => PupilReason.MinimumLength;

    public PupilSearchResult? Matches { get; private set; }

    public PupilView? Pupil { get; private set; }

    public DateTimeOffset Now => pupils.Now;

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostSearchAsync()
    {
        var request = new PupilSearchRequest(User.UserName(), User.ScopeOf(), Query ?? "", Reason ?? "");
        Error = request.Problem();
        if (Error is null)
        {
            Matches = await pupils.SearchAsync(request, HttpContext.RequestAborted);
        }
    }

    public async Task OnPostViewAsync()
    {
        var request = new PupilViewRequest(User.UserName(), User.ScopeOf(), Number ?? "", Reason ?? "");
        Error = request.Problem();
        if (Error is not null)
        {
            return;
        }
        Pupil = await pupils.ViewAsync(request, PassageScope.Of(User, access), HttpContext.RequestAborted);
        Error = Pupil is null ? Api.PupilsApi.NotFound : null;
    }
}
