using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.DataSubjects;

/// <summary>
/// The DPO's data-subject requests from receipt to answer: open, record the identity verification, extend
/// or refuse with a reason, answer (export, erase, rectify, restrict and lift, uphold an objection) and
/// record the person's notification. Every step is <see cref="SubjectRequestSteps"/>', as for the admin API: audited by
/// the service, with an entry naming the staff account that took it.
/// </summary>
[Authorize(Policy = AdminPolicies.DataSubjects)]
public sealed class IndexModel(
    SubjectRequests requests,
    SubjectRequestSteps steps,
    IDbContextFactory<VaultDbContext> vaults,
    IOptions<DataSubjectOptions> options,
    TimeProvider time) : PageModel
{
    [BindProperty]
    public string StudentNumber { get; set; } = "";

    [BindProperty]
    public RequestKind Kind { get; set; } = RequestKind.Access;

    [BindProperty]
    public RequesterRole Requester { get; set; } = RequesterRole.Guardian;

    [BindProperty]
    public string? GuardianSourcedId { get; set; }

    [BindProperty]
    public string? ObjectedPurpose { get; set; }

    [BindProperty]
    public long RequestId { get; set; }

    [BindProperty]
    public string? Method { get; set; }

    [BindProperty]
    public int Days { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? GivenName { get; set; }

    [BindProperty]
    public string? FamilyName { get; set; }

    [BindProperty]
    public string? School { get; set; }

    [BindProperty]
    public string? ClassName { get; set; }

    /// <summary>Text, so that a value that is not a year is refused with a message rather than silently dropped.</summary>
    [BindProperty]
    public string? BirthYear { get; set; }

    [BindProperty]
    public string? GuardianName { get; set; }

    public IReadOnlyList<RequestView> Requests { get; private set; } = [];

    public DataSubjectOptions Settings => options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public ErasureResult? Erasure { get; private set; }

    public Task OnGetAsync() => LoadAsync();

    private StaffStep By => StaffStep.OnPage(User.UserName());

    public Task<IActionResult> OnPostOpenAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.OpenAsync(By, StudentNumber, Kind, Requester, GuardianSourcedId, ObjectedPurpose, cancellationToken);
        Message = $"Request {request.Id} opened; due {request.DueAt:yyyy-MM-dd}.";
    });

    public Task<IActionResult> OnPostVerifyAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.VerifyAsync(By, RequestId, Method, cancellationToken);
        Message = $"Request {request.Id}: identity verification recorded.";
    });

    public Task<IActionResult> OnPostExtendAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.ExtendAsync(By, RequestId, Days, Reason, cancellationToken);
        Message = $"Request {request.Id} now due {request.DueAt:yyyy-MM-dd}.";
    });

    public async Task<IActionResult> OnPostExportAsync()
    {
        try
        {
            var document = await steps.ExportAsync(By, RequestId, HttpContext.RequestAborted);
            return File(Encoding.UTF8.GetBytes(SubjectExporter.ToJson(document)), "application/json", $"subject-request-{RequestId}.json");
        }
        catch (DataSubjectException e)
        {
            Error = e.Message;
            await LoadAsync();
            return Page();
        }
    }

    public Task<IActionResult> OnPostEraseAsync() => RunAsync(async cancellationToken =>
    {
        Erasure = await steps.EraseAsync(By, RequestId, Confirmation, cancellationToken);
        Message = $"Request {RequestId}: the pupil's data was erased. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostRefuseAsync() => RunAsync(async cancellationToken =>
    {
        await steps.RefuseAsync(By, RequestId, Reason, Confirmation, cancellationToken);
        Message = $"Request {RequestId} refused. Tell the person the reason and that they may complain to the supervisory authority.";
    });

    public Task<IActionResult> OnPostRectifyAsync() => RunAsync(async cancellationToken =>
    {
        int? birthYear = null;
        if (!string.IsNullOrWhiteSpace(BirthYear))
        {
            birthYear = int.TryParse(BirthYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                ? year
                : throw new DataSubjectException("The corrected birth year must be a year such as 2012.");
        }
        var change = new Rectification(Field(GivenName), Field(FamilyName), Field(School), Field(ClassName), birthYear, Field(GuardianName));
        var request = await steps.RectifyAsync(By, RequestId, change, cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostRestrictAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.RestrictAsync(By, RequestId, cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostLiftAsync() => RunAsync(async cancellationToken =>
    {
        var restored = await steps.LiftRestrictionAsync(By, RequestId, cancellationToken);
        Message = $"Request {RequestId}: restriction lifted, {restored} entitlements restored.";
    });

    public Task<IActionResult> OnPostObjectAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.ObjectAsync(By, RequestId, Confirmation, cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostNotifyAsync() => RunAsync(async cancellationToken =>
    {
        var request = await steps.NotifyAsync(By, RequestId, Channel, cancellationToken);
        Message = request.NotifiedAt > request.NotificationDueAt
            ? $"Request {RequestId}: notification recorded, late (it was due {request.NotificationDueAt:yyyy-MM-dd})."
            : $"Request {RequestId}: notification recorded.";
    });

    private async Task<IActionResult> RunAsync(Func<CancellationToken, Task> action)
    {
        try
        {
            await action(HttpContext.RequestAborted);
        }
        catch (DataSubjectException e)
        {
            Error = e.Message;
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var all = await requests.ListAsync(openOnly: false, cancellationToken);
        var students = all.Where(r => r.Kind == RequestKind.Restriction && r.StudentId is not null).Select(r => r.StudentId!.Value).Distinct().ToList();
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var restricted = await vault.Students.AsNoTracking()
            .Where(s => students.Contains(s.Id) && s.RestrictedAt != null)
            .ToDictionaryAsync(s => s.Id, s => s.RestrictedAt!.Value, cancellationToken);
        // Open requests and notifications still owed first, newest first within each group.
        Requests = [.. RequestView.Of(all, Now, restricted).OrderByDescending(v => v.NeedsAttention).ThenByDescending(v => v.Request.Id)];
    }

    /// <summary>An empty form field leaves the vault field as it is.</summary>
    private static string? Field(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
