using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Reidentification;

namespace StudentCard.Central.Admin.Pages.Reidentification;

/// <summary>
/// Pseudonym → person with a stated reason. A school admin re-identifies gate pseudonyms of their own
/// school's pupils only; the DPO any purpose's, any school's.
/// </summary>
[Authorize(Policy = AdminPolicies.Reidentify)]
public sealed class IndexModel(Reidentifier reidentifier) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Purpose { get; set; } = "gate";

    [BindProperty(SupportsGet = true)]
    public string Pseudonym { get; set; } = "";

    [BindProperty]
    public string Reason { get; set; } = "";

    public bool PurposeFixed => User.PurposeOf() is not null;

    public bool Searched { get; private set; }

    public ReidentifiedPerson? Person { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
        if (User.PurposeOf() is { } own)
        {
            Purpose = own.Name();
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A purpose role re-identifies its own purpose only, whatever the form says.
        var purpose = User.PurposeOf() ?? (ReaderTypes.TryParse(Purpose, out var chosen) ? chosen : (ReaderType?)null);
        if (purpose is null)
        {
            Error = "Choose gate, bus or library.";
            return Page();
        }
        Purpose = purpose.Value.Name();
        var request = new ReidentificationRequest(User.UserName(), purpose.Value, (Pseudonym ?? "").Trim().ToLowerInvariant(), Reason ?? "", User.ScopeOf());
        Error = request.Problem();
        if (Error is not null)
        {
            return Page();
        }
        Person = await reidentifier.FindAsync(request, HttpContext.RequestAborted);
        Searched = true;
        return Page();
    }
}
