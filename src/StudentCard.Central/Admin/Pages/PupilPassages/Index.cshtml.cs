using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.PupilPassages;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Pages.PupilPassages;

/// <summary>
/// A school admin looks up one pupil of their school by student number, with a stated reason, and sees that pupil's
/// passages at the school's sites, newest first. Posted, never a query string, so the reason stays out of URLs.
/// </summary>
[Authorize(Policy = AdminPolicies.PupilPassages)]
public sealed class IndexModel(PupilPassageLookup lookup, AccessPolicySource access) : PageModel
{
    [BindProperty]
    public string? Number { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public int MinimumReasonLength => PupilPassagesRequest.MinimumReasonLength;

    public IReadOnlyList<string> Sites { get; private set; } = [];

    public PupilPassageList? Result { get; private set; }

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public void OnGet() => Scope();

    public async Task OnPostAsync()
    {
        var scope = Scope();
        var request = new PupilPassagesRequest(User.UserName(), scope, Number ?? "", Reason ?? "");
        Error = request.Problem();
        if (Error is not null)
        {
            return;
        }
        Result = await lookup.FindAsync(request, HttpContext.RequestAborted);
        if (Result is null)
        {
            Error = "No pupil with this student number at your school.";
        }
    }

    private PassageScope Scope()
    {
        var scope = PassageScope.Of(User, access);
        Sites = scope.Sites ?? [];
        Notice = scope.SeesNothing ? PassageScope.NoSiteNotice : null;
        return scope;
    }
}
