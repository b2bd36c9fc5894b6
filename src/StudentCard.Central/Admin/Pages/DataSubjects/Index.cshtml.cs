using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.DataSubjects;

/// <summary>
/// The DPO's data-subject requests from receipt to answer: open, record the identity verification, extend
/// or refuse with a reason, answer (export, erase, rectify, restrict and lift, uphold an objection) and
/// record the person's notification. Every step is a <c>DataSubjects/</c> service's, audited there; the
/// page adds an entry naming the staff account that took it.
/// </summary>
[Authorize(Policy = AdminPolicies.DataSubjects)]
public sealed class IndexModel(
    SubjectRequests requests,
    SubjectExporter exporter,
    SubjectEraser eraser,
    SubjectActions actions,
    IDbContextFactory<VaultDbContext> vaults,
    AuditLog audit,
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

    public Task<IActionResult> OnPostOpenAsync() => RunAsync(async cancellationToken =>
    {
        ReaderType? purpose = null;
        if (Kind == RequestKind.Objection)
        {
            purpose = ReaderTypes.TryParse(ObjectedPurpose, out var chosen) ? chosen : throw new DataSubjectException("An objection names the purpose objected to (gate, bus or library).");
        }
        var guardian = string.IsNullOrWhiteSpace(GuardianSourcedId) || Requester != RequesterRole.Guardian ? null : GuardianSourcedId.Trim();
        var request = await requests.OpenAsync((StudentNumber ?? "").Trim(), Kind, Requester, guardian, purpose, cancellationToken);
        await AttributeAsync(request.Id, "opened", cancellationToken);
        Message = $"Request {request.Id} opened; due {request.DueAt:yyyy-MM-dd}.";
    });

    public Task<IActionResult> OnPostVerifyAsync() => RunAsync(async cancellationToken =>
    {
        var request = await requests.VerifyAsync(RequestId, Method ?? "", User.UserName(), cancellationToken);
        await AttributeAsync(request.Id, "identity verification recorded", cancellationToken);
        Message = $"Request {request.Id}: identity verification recorded.";
    });

    public Task<IActionResult> OnPostExtendAsync() => RunAsync(async cancellationToken =>
    {
        var request = await requests.ExtendAsync(RequestId, Days, Reason ?? "", cancellationToken);
        await AttributeAsync(request.Id, "deadline extended", cancellationToken);
        Message = $"Request {request.Id} now due {request.DueAt:yyyy-MM-dd}.";
    });

    public async Task<IActionResult> OnPostExportAsync()
    {
        try
        {
            await RequireVerifiedAsync(HttpContext.RequestAborted);
            var document = await exporter.ExportAsync(RequestId, HttpContext.RequestAborted);
            await AttributeAsync(RequestId, "copy downloaded", HttpContext.RequestAborted);
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
        // Erasure cannot be undone: the DPO types the request number to show it is the one meant.
        RequireConfirmation("erase");
        await RequireVerifiedAsync(cancellationToken);
        Erasure = await eraser.EraseAsync(RequestId, cancellationToken);
        await AttributeAsync(RequestId, "erasure carried out", cancellationToken);
        Message = $"Request {RequestId}: the pupil's data was erased. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostRefuseAsync() => RunAsync(async cancellationToken =>
    {
        // A refusal ends the request for good; repeated or manifestly unfounded requests need not be verified first.
        RequireReason("A refusal needs its reason (manifestly unfounded, or excessive such as repeated), which the person is told.");
        RequireConfirmation("refuse");
        await requests.RefuseAsync(RequestId, Reason!, cancellationToken);
        await AttributeAsync(RequestId, "refusal recorded", cancellationToken);
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
        await RequireVerifiedAsync(cancellationToken);
        var request = await actions.RectifyAsync(RequestId, change, cancellationToken);
        await AttributeAsync(RequestId, "rectification carried out", cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostRestrictAsync() => RunAsync(async cancellationToken =>
    {
        await RequireVerifiedAsync(cancellationToken);
        var request = await actions.RestrictAsync(RequestId, cancellationToken);
        await AttributeAsync(RequestId, "restriction carried out", cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostLiftAsync() => RunAsync(async cancellationToken =>
    {
        var restored = await actions.LiftRestrictionAsync(RequestId, cancellationToken);
        await AttributeAsync(RequestId, "restriction lifted", cancellationToken);
        Message = $"Request {RequestId}: restriction lifted, {restored} entitlements restored.";
    });

    public Task<IActionResult> OnPostObjectAsync() => RunAsync(async cancellationToken =>
    {
        // The purpose's grant and passages are deleted for good: typed confirmation, as for an erasure.
        RequireConfirmation("uphold the objection");
        await RequireVerifiedAsync(cancellationToken);
        var request = await actions.ObjectAsync(RequestId, cancellationToken);
        await AttributeAsync(RequestId, "objection upheld", cancellationToken);
        Message = $"Request {RequestId}: {request.Outcome}. Tell the person within 5 days and record it here.";
    });

    public Task<IActionResult> OnPostNotifyAsync() => RunAsync(async cancellationToken =>
    {
        var request = await requests.NotifyAsync(RequestId, Channel ?? "", cancellationToken);
        await AttributeAsync(RequestId, "notification recorded", cancellationToken);
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

    /// <summary>
    /// The services refuse an unverified answer too; checking first gives the page's own wording
    /// instead of the command line's ("run dsr verify").
    /// </summary>
    private async Task RequireVerifiedAsync(CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(RequestId, cancellationToken);
        if (request.Status == RequestStatus.Received)
        {
            throw new DataSubjectException(
                $"Request {RequestId}'s identity verification is not recorded yet: record how the requester's identity was checked before answering.");
        }
    }

    private void RequireConfirmation(string what)
    {
        if ((Confirmation ?? "").Trim() != RequestId.ToString(CultureInfo.InvariantCulture))
        {
            throw new DataSubjectException($"Type the request number ({RequestId}) in the confirmation field to {what}.");
        }
    }

    private void RequireReason(string message)
    {
        if (string.IsNullOrWhiteSpace(Reason))
        {
            throw new DataSubjectException(message);
        }
    }

    /// <summary>The services record the step under the DPO role; this entry names the staff account that took it (never the person).</summary>
    private Task AttributeAsync(long requestId, string step, CancellationToken cancellationToken) =>
        audit.RecordAsync(User.UserName(), AuditActions.SubjectRequest, $"subject request {requestId}", $"{step} on the admin page", cancellationToken);

    /// <summary>An empty form field leaves the vault field as it is.</summary>
    private static string? Field(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
