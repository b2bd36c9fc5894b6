using Microsoft.AspNetCore.Antiforgery;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Admin.Pages.Roster;

/// <summary>
/// The roster page's view of its background jobs: the JSON progress a page polls
/// (<c>GET /api/roster/uploads/{id}/progress?after=N</c>, the next step after N) and the page's small script.
/// </summary>
public static class RosterProgressEndpoints
{
    public const string ScriptPath = "/roster-upload.js";
    private const string ScriptResource = "StudentCard.Central.Admin.roster-upload.js";

    /// <summary>How long a poll waits for the next step before answering with the current one.</summary>
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(15);

    private static readonly Lazy<byte[]> Script = new(() =>
    {
        using var stream = typeof(RosterProgressEndpoints).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"The embedded resource {ScriptResource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static string ProgressUrl(string uploadId) => $"/api/roster/uploads/{uploadId}/progress";

    public static void MapRosterProgress(this WebApplication app)
    {
        app.MapGet("/api/roster/uploads/{id}/progress", ProgressAsync).RequireAuthorization(AdminPolicies.RosterImport);
        app.MapGet(ScriptPath, () => Results.Bytes(Script.Value, "text/javascript; charset=utf-8")).AllowAnonymous();
    }

    private static async Task<IResult> ProgressAsync(HttpContext context, string id, int? after, RosterJobs jobs, IAntiforgery antiforgery, TimeProvider time)
    {
        // The page sends its form's anti-forgery token as a header, so only a page Central served can poll.
        if (!await IsTokenValidAsync(antiforgery, context))
        {
            return Results.Problem("The request lacks the page's anti-forgery token.", statusCode: StatusCodes.Status400BadRequest);
        }
        return await StateAsync(context, id, after, jobs, time);
    }

    /// <summary>
    /// The signed-in operator's job's next step after <paramref name="after"/> (waiting a while for it), and once finished
    /// its error or result: the counts, the summary line and each row in error, as the page shows them.
    /// </summary>
    public static async Task<IResult> StateAsync(HttpContext context, string id, int? after, RosterJobs jobs, TimeProvider time)
    {
        var job = jobs.Find(id, context.User.UserName());
        if (job is null)
        {
            return jobs.Exists(id)
                ? Results.Forbid()
                : Results.Problem("No roster upload with this id is being imported.", statusCode: StatusCodes.Status404NotFound);
        }
        var state = await job.NextAsync(Math.Max(after ?? 0, 0), PollWait, time, context.RequestAborted);
        var result = state.Finished ? job.Result : null;
        return Results.Ok(new
        {
            sequence = state.Step.Sequence,
            stage = state.Step.Stage,
            done = state.Step.Done,
            total = state.Step.Total,
            finished = state.Finished,
            error = state.Finished ? job.Error : null,
            result = result is null ? null : new
            {
                result.New,
                result.Updated,
                result.Unchanged,
                result.Deactivated,
                result.Guardians,
                result.Ignored,
                errors = result.Errors.Count,
                result.Committed,
                summary = result.ToString(),
                rowsInError = result.Errors.Select(e => e.ToString()),
                leavers = result.Leavers.Select(l => l.ToString()),
                result.NeedsConfirmation,
                schoolsPastShare = result.Leavers.Where(l => l.PastShare).Select(l => l.School),
            },
            resultUrl = state.Finished ? $"/Roster?upload={job.UploadId}" : null,
        });
    }

    private static async Task<bool> IsTokenValidAsync(IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}
