using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.AuditView;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.Audit;

namespace StudentCard.Central.Admin.Pages.Audit;

/// <summary>The DPO's audit viewer: entries newest first, a page at a time, under the chain's verification result.</summary>
[Authorize(Policy = AdminPolicies.AuditRead)]
public sealed class IndexModel(AuditQueries audit) : PageModel
{
    public static readonly IReadOnlyList<string> KnownActions =
    [
        AuditActions.PassagesRead, AuditActions.Reidentification, AuditActions.SubjectRequest, AuditActions.Enrollment,
        AuditActions.CardReissued, AuditActions.CardRevoked, AuditActions.ReaderRegistered, AuditActions.ReaderRevoked,
        ReaderAdministration.RevokeRequested, AuditActions.KeyRotationBegun, AuditActions.KeyRotationCompleted, AuditActions.RuleChanged,
        AuditActions.CalendarChanged, AuditActions.StaffChanged, AuditActions.StaffSignedIn, AuditActions.StaffSignInRefused,
        AuditActions.StaffPasswordChanged,
    ];

    [BindProperty(Name = "a", SupportsGet = true)]
    public string? ActionName { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<string> Actions => KnownActions;

    public AuditPage Result { get; private set; } = null!;

    public async Task OnGetAsync() => Result = await audit.ReadAsync(PageNumber, ActionName, HttpContext.RequestAborted);
}
