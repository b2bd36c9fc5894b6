using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Admin.Pages.Alerts;

/// <summary>
/// Suspicious card use in the signed-in person's purpose, open alerts first, then newest first: lost cards presented,
/// soft passbacks, impossible journeys. Every view is audited; an alert of the person's own purpose can be acknowledged.
/// </summary>
[Authorize(Policy = AdminPolicies.PassagesRead)]
public sealed class IndexModel(IDbContextFactory<CentralDbContext> stores, AuditLog audit, TimeProvider time) : PageModel
{
    public const int Shown = 100;

    /// <summary>"open" (the default) or "all".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public bool ShowAll => Show == "all";

    public string Purpose { get; private set; } = "";

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostAcknowledgeAsync(long alertId, string? note)
    {
        var purpose = User.PurposeOf()!.Value;
        var outcome = await AlertAcknowledgement.AcknowledgeAsync(stores, audit, time, User.UserName(), purpose, alertId, note, HttpContext.RequestAborted);
        switch (outcome)
        {
            case AlertAcknowledgementOutcome.Acknowledged:
                Message = $"Alert {alertId} is acknowledged.";
                break;
            case AlertAcknowledgementOutcome.AlreadyAcknowledged:
                Message = $"Alert {alertId} was already acknowledged.";
                break;
            case AlertAcknowledgementOutcome.NoteTooLong:
                Error = $"The note is at most {AlertAcknowledgement.MaxNoteLength} characters.";
                break;
            default:
                Error = "There is no such alert in your purpose.";
                break;
        }
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var purpose = User.PurposeOf()!.Value;
        Purpose = purpose.Name();
        await audit.RecordAsync(User.UserName(), AuditActions.AlertsRead, $"{Purpose} alerts", $"latest {Shown}, {(ShowAll ? "all" : "open only")}", HttpContext.RequestAborted);
        await using var db = await stores.CreateDbContextAsync(HttpContext.RequestAborted);
        var alerts = db.Alerts.AsNoTracking().Where(a => a.Purpose == purpose);
        if (!ShowAll)
        {
            alerts = alerts.Where(a => !a.Acknowledged);
        }
        Alerts = await alerts
            .OrderBy(a => a.Acknowledged)
            .ThenByDescending(a => a.Id)
            .Take(Shown)
            .ToListAsync(HttpContext.RequestAborted);
    }
}
