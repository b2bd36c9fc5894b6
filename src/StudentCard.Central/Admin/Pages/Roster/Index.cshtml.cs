using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Admin.Pages.Roster;

/// <summary>
/// OneRoster 1.1 import: upload a .zip bundle or users.csv, see what it would change and every bad row,
/// and commit only a roster without errors (the import then writes all of it or nothing).
/// </summary>
[Authorize(Policy = AdminPolicies.RosterImport)]
[RequestSizeLimit(MaxUploadBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class IndexModel(RosterImport import) : PageModel
{
    /// <summary>A OneRoster export of a large district is a few megabytes; anything bigger is not a roster.</summary>
    public const int MaxUploadBytes = 20 * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? UploadId { get; set; }

    public RosterPreview? Preview { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (Upload is null || Upload.Length == 0)
        {
            Error = "Choose a OneRoster .zip or a users.csv file to upload.";
            return Page();
        }
        if (Upload.Length > MaxUploadBytes)
        {
            Error = $"The file is larger than {MaxUploadBytes / 1024 / 1024} MB; upload the OneRoster export itself.";
            return Page();
        }
        var id = await RosterUploads.SaveAsync(Upload, HttpContext.RequestAborted);
        if (!await RunAsync(id, commit: false))
        {
            RosterUploads.Delete(id);
            return Page();
        }
        if (Preview!.HasErrors)
        {
            // Nothing can be committed, so the file has no reason to stay.
            RosterUploads.Delete(id);
        }
        else
        {
            UploadId = id;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync()
    {
        if (RosterUploads.PathOf(UploadId) is null)
        {
            Error = "That upload is no longer here (already imported or never previewed); upload the roster again.";
            UploadId = null;
            return Page();
        }
        var id = UploadId!;
        UploadId = null;
        try
        {
            await RunAsync(id, commit: true);
        }
        finally
        {
            RosterUploads.Delete(id);
        }
        return Page();
    }

    private async Task<bool> RunAsync(string id, bool commit)
    {
        try
        {
            var source = RosterSource.FromPath(RosterUploads.PathOf(id)!);
            Preview = commit
                ? await import.CommitAsync(source, cancellationToken: HttpContext.RequestAborted)
                : await import.PreviewAsync(source, cancellationToken: HttpContext.RequestAborted);
            return true;
        }
        catch (RosterFileException e)
        {
            // The message names our temp path; the person only needs to know what to upload instead.
            Error = e.Message.Replace(RosterUploads.PathOf(id) ?? "\u0000", "The upload", StringComparison.Ordinal);
            return false;
        }
    }
}
