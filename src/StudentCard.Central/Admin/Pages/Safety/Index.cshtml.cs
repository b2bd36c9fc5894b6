using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.SiteModes;
using StudentCard.Central.Safety;

namespace StudentCard.Central.Admin.Pages.Safety;

/// <summary>
/// Lockdown, evacuation and lifting them at the sites of the admin's own school, each with a reason and the site's name
/// typed again as the confirmation (no script needed). The audit log names the signed-in account.
/// </summary>
[Authorize(Policy = AdminPolicies.SafetyCommand)]
public sealed class IndexModel(SiteCommands commands) : PageModel
{
    private static readonly char[] OverrideSeparators = [',', ' ', '\t', '\r', '\n'];

    [BindProperty]
    public string? Site { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>Lockdown only: student numbers whose active cards still open the gates, separated by commas, spaces or lines.</summary>
    [BindProperty]
    public string? Override { get; set; }

    /// <summary>The site's name typed again: a command runs only when it matches <see cref="Site"/>.</summary>
    [BindProperty]
    public string? Confirm { get; set; }

    public IReadOnlyList<SiteModeView> Modes { get; private set; } = [];

    /// <summary>What the last command did: the new mode, and whether the readers have it yet or it waits for the broker.</summary>
    public IReadOnlyList<string> Outcome { get; private set; } = [];

    public string? Error { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    public Task OnPostLockdownAsync() => RunAsync(SafetyRoutes.Lockdown);

    public Task OnPostEvacuateAsync() => RunAsync(SafetyRoutes.Evacuate);

    public Task OnPostLiftAsync() => RunAsync(SafetyRoutes.Lift);

    private async Task RunAsync(string command)
    {
        var site = Site ?? "";
        if (!commands.Covers(User, site))
        {
            Error = commands.NotCovered(User, site);
        }
        else if (!string.Equals(Confirm?.Trim(), site, StringComparison.Ordinal))
        {
            Error = $"To confirm, type the site's name ({site}) exactly as shown. Nothing was changed.";
        }
        else
        {
            try
            {
                var overrides = (Override ?? "").Split(OverrideSeparators, StringSplitOptions.RemoveEmptyEntries);
                var outcome = await commands.RunAsync(User, command, site, overrides, Reason ?? "", HttpContext.RequestAborted);
                Outcome = SiteModeResponse.Of(outcome).Describe();
            }
            catch (SiteModeException refused)
            {
                Error = refused.Message;
            }
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        Modes = await commands.ModesAsync(User, HttpContext.RequestAborted);
        if (Modes.Count == 0)
        {
            // Fail closed: a school no site belongs to commands nothing.
            Error ??= PassageScope.NoSiteNotice;
        }
    }
}
