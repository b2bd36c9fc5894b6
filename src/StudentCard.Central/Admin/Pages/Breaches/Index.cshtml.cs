using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;

namespace StudentCard.Central.Admin.Pages.Breaches;

/// <summary>
/// The DPO's breach register: every breach with its 72-hour notification deadline flagged when due soon or overdue
/// (overdue first), and the form recording a new one. Each breach opens on its own page for the steps that follow.
/// </summary>
[Authorize(Policy = AdminPolicies.Breaches)]
public sealed class IndexModel(BreachRegister register, BreachClock clock) : PageModel
{
    [BindProperty]
    public BreachForm Form { get; set; } = new();

    public IReadOnlyList<BreachStanding> Breaches { get; private set; } = [];

    public BreachClock Clock => clock;

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        Form.DiscoveredAt = clock.Field(clock.Now);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostRecordAsync()
    {
        try
        {
            var breach = await register.RecordAsync(StaffStep.OnPage(User.UserName()), Form.ToReport(clock), HttpContext.RequestAborted);
            return RedirectToPage("Breach", new { id = breach.Id, done = "recorded" });
        }
        catch (BreachException e)
        {
            Error = e.Message;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Breaches = await register.ListAsync(HttpContext.RequestAborted);
}
