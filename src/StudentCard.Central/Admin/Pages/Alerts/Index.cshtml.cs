using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Admin.Pages.Alerts;

/// <summary>Suspicious card use in the signed-in person's purpose, newest first: lost cards presented, soft passbacks, impossible journeys. Every view is audited.</summary>
[Authorize(Policy = AdminPolicies.PassagesRead)]
public sealed class IndexModel(IDbContextFactory<CentralDbContext> stores, AuditLog audit) : PageModel
{
    public const int Shown = 100;

    public string Purpose { get; private set; } = "";

    public IReadOnlyList<Alert> Alerts { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var purpose = User.PurposeOf()!.Value;
        Purpose = purpose.Name();
        await audit.RecordAsync(User.UserName(), AuditActions.AlertsRead, $"{Purpose} alerts", $"latest {Shown}", HttpContext.RequestAborted);
        await using var db = await stores.CreateDbContextAsync(HttpContext.RequestAborted);
        Alerts = await db.Alerts.AsNoTracking()
            .Where(a => a.Purpose == purpose)
            .OrderByDescending(a => a.Id)
            .Take(Shown)
            .ToListAsync(HttpContext.RequestAborted);
    }
}
