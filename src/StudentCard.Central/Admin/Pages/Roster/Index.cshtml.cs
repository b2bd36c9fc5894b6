using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Audit;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Admin.Pages.Roster;

/// <summary>
/// OneRoster 1.1 import: upload a .zip bundle or users.csv, see what it would change and every bad row,
/// and commit only a roster without errors (the import then writes all of it or nothing). Preview and commit run as
/// background jobs: the page's script shows the upload's and the import's progress and then the result; without
/// script the form posts and the answer waits for the job. The request body is limited to
/// <see cref="RosterLimits.MaxUploadBytes"/> (<see cref="RosterUploadLimits"/>); a file past any other roster limit is
/// refused by the job, with the message naming the file and the limit. The operator says at the upload whether it is a
/// full export (absent pupils of its schools leave); the preview lists each school's leavers and the cards their leaving
/// revokes, and leavers past a school's share are committed only with the confirmation box ticked.
/// </summary>
[Authorize(Policy = AdminPolicies.RosterImport)]
public sealed class IndexModel(RosterJobs jobs, RosterUploads uploads, IOptions<RosterLimits> limits, AuditLog audit) : PageModel
{
    /// <summary>The header the page's script sends to be answered with the job's progress address instead of the result page.</summary>
    public const string ProgressHeader = "X-Roster-Progress";

    public const string CommitRequested = "identity.roster-import-requested";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? UploadId { get; set; }

    /// <summary>The upload is a full export: every pupil of its schools, so those absent from it leave.</summary>
    [BindProperty]
    public bool FullExport { get; set; }

    /// <summary>The operator confirms leavers past a school's share (<see cref="RosterLimits.MaxLeavingPercent"/>).</summary>
    [BindProperty]
    public bool ConfirmLeavers { get; set; }

    public RosterPreview? Preview { get; private set; }

    public string? Error { get; private set; }

    /// <summary>A job of this operator still running when the page is loaded; the script follows it.</summary>
    public RosterJob? Running { get; private set; }

    public void OnGet(string? upload)
    {
        if (upload is null)
        {
            return;
        }
        var job = jobs.Find(upload, User.UserName());
        if (job is null)
        {
            Error = "That upload is no longer here (already imported or never previewed); upload the roster again.";
        }
        else if (!job.Completion.IsCompleted)
        {
            Running = job;
        }
        else
        {
            Show(job);
        }
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        // A body past the limit is not read to its end, so its file is not bound; the body's length says why.
        if ((Upload?.Length ?? Request.ContentLength) > limits.Value.MaxUploadBytes)
        {
            return Refuse($"The file is larger than {RosterLimits.Size(limits.Value.MaxUploadBytes)}; upload the OneRoster export itself.");
        }
        if (Upload is null || Upload.Length == 0)
        {
            return Refuse("Choose a OneRoster .zip or a users.csv file to upload.");
        }
        var id = await uploads.SaveAsync(Upload, HttpContext.RequestAborted);
        return await RunAsync(jobs.Start(id, User.UserName(), commit: false, new RosterImportMode(FullExport)));
    }

    public async Task<IActionResult> OnPostCommitAsync()
    {
        var previewed = jobs.Previewed(UploadId, User.UserName());
        if (previewed is null)
        {
            UploadId = null;
            return Refuse("That upload is no longer here (already imported or never previewed); upload the roster again.");
        }
        if (previewed.Result is { NeedsConfirmation: true } unconfirmed && !ConfirmLeavers)
        {
            Show(previewed);
            return Refuse(UnconfirmedLeavers(unconfirmed, "tick the confirmation and commit again."));
        }
        await audit.RecordAsync(User.UserName(), CommitRequested, "roster", $"commit of a previewed roster: {previewed.Result}", HttpContext.RequestAborted);
        return await RunAsync(jobs.Start(previewed.UploadId, User.UserName(), commit: true, previewed.Mode with { LeaversConfirmed = ConfirmLeavers }));
    }

    public int GraceDays => limits.Value.LeaverGraceDays;

    public int MaxLeavingPercent => limits.Value.MaxLeavingPercent;

    private bool WantsProgress => Request.Headers.ContainsKey(ProgressHeader);

    /// <summary>Why a commit waits for the confirmation: each school past its share, with how many of its pupils leave.</summary>
    private string UnconfirmedLeavers(RosterPreview preview, string then) => UnconfirmedLeavers(preview, limits.Value.MaxLeavingPercent, then);

    /// <summary>Why a commit waits for the confirmation, for the page and the admin API alike.</summary>
    public static string UnconfirmedLeavers(RosterPreview preview, int maxLeavingPercent, string then) =>
        "Nothing was imported: " + string.Join("; ", preview.Leavers.Where(l => l.PastShare).Select(l => $"{l.Leaving} of the {l.Active} active pupils of {l.School} would leave"))
        + $", more than the {maxLeavingPercent}% a full export may take unconfirmed. Check that the file is the whole export of "
        + "these schools, then " + then;

    private async Task<IActionResult> RunAsync(RosterJob job)
    {
        if (WantsProgress)
        {
            return new JsonResult(new { uploadId = job.UploadId, progressUrl = RosterProgressEndpoints.ProgressUrl(job.UploadId) })
            {
                StatusCode = StatusCodes.Status202Accepted,
            };
        }
        await job.Completion.WaitAsync(HttpContext.RequestAborted);
        Show(job);
        return Page();
    }

    private IActionResult Refuse(string error)
    {
        if (WantsProgress)
        {
            return new JsonResult(new { error }) { StatusCode = StatusCodes.Status400BadRequest };
        }
        Error = error;
        return Page();
    }

    private void Show(RosterJob job)
    {
        Preview = job.Result;
        Error = job.Error;
        FullExport = job.Mode.FullExport;
        if (job is { Commit: true, Result: { Committed: false, HasErrors: false, NeedsConfirmation: true } unconfirmed })
        {
            // The vault changed since the preview (another import), and now more of a school would leave than it may unasked.
            Error = UnconfirmedLeavers(unconfirmed, "upload it again and confirm.");
        }
        UploadId = !job.Commit && job.Result is { HasErrors: false } && uploads.Holds(job.UploadId) ? job.UploadId : null;
        if (job.Commit)
        {
            // The import's result has been shown; nothing remains to do with this upload.
            jobs.Forget(job);
        }
    }
}
