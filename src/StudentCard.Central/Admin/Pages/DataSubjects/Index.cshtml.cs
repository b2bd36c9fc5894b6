using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.DataSubjects;

namespace StudentCard.Central.Admin.Pages.DataSubjects;

/// <summary>
/// The DPO's data-subject requests: open one, record the identity verification, extend the deadline
/// with a reason, download an access or portability export as JSON, and erase after a typed confirmation.
/// Every step is the existing <see cref="SubjectRequests"/> service's, audited there.
/// </summary>
[Authorize(Policy = AdminPolicies.DataSubjects)]
public sealed class IndexModel(
    SubjectRequests requests,
    SubjectExporter exporter,
    SubjectEraser eraser,
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

    public IReadOnlyList<SubjectRequest> Requests { get; private set; } = [];

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
        Message = $"Request {request.Id} opened; due {request.DueAt:yyyy-MM-dd}.";
    });

    public Task<IActionResult> OnPostVerifyAsync() => RunAsync(async cancellationToken =>
    {
        var request = await requests.VerifyAsync(RequestId, Method ?? "", User.UserName(), cancellationToken);
        Message = $"Request {request.Id}: identity verification recorded.";
    });

    public Task<IActionResult> OnPostExtendAsync() => RunAsync(async cancellationToken =>
    {
        var request = await requests.ExtendAsync(RequestId, Days, Reason ?? "", cancellationToken);
        Message = $"Request {request.Id} now due {request.DueAt:yyyy-MM-dd}.";
    });

    public async Task<IActionResult> OnPostExportAsync()
    {
        try
        {
            var document = await exporter.ExportAsync(RequestId, HttpContext.RequestAborted);
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
        if ((Confirmation ?? "").Trim() != RequestId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new DataSubjectException($"Type the request number ({RequestId}) in the confirmation field to erase.");
        }
        Erasure = await eraser.EraseAsync(RequestId, cancellationToken);
        Message = $"Request {RequestId}: the pupil's data was erased.";
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

    private async Task LoadAsync() => Requests = await requests.ListAsync(openOnly: false, HttpContext.RequestAborted);
}
