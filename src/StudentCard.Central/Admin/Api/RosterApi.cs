using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Pages.Roster;
using StudentCard.Central.Audit;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The Roster page's import for the "roster import" command line, through the same background jobs
/// (<see cref="RosterJobs"/>, <see cref="RosterUploads"/>), for the operator: POST /api/roster/uploads with the roster as
/// the body (application/zip for a OneRoster bundle, text/csv for a users CSV; any other type 415, past the upload limit
/// 413; ?full=true for a full export, whose schools' absent pupils leave) starts its preview; GET /api/roster/jobs/{id}?after=N follows it; POST /api/roster/uploads/{id}/commit (JSON)
/// commits a preview without errors (leavers past a school's share only with "confirmLeavers": true), audited as the
/// page's commit is. Neither body type can come from another site's form
/// without a CORS preflight, which Central never grants.
/// </summary>
public static class RosterApi
{
    public static void MapRosterApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(RosterRoutes.Uploads, UploadAsync).RequireAuthorization(AdminPolicies.RosterImport);
        app.MapGet(RosterRoutes.Jobs, (HttpContext context, string id, int? after, RosterJobs jobs, TimeProvider time) =>
            RosterProgressEndpoints.StateAsync(context, id, after, jobs, time)).RequireAuthorization(AdminPolicies.RosterImport);
        app.MapPost(RosterRoutes.Commit, CommitAsync).RequireAuthorization(AdminPolicies.RosterImport);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, bool? full, RosterJobs jobs, RosterUploads uploads, IOptions<RosterLimits> limits)
    {
        var type = context.Request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (type is not (RosterRoutes.ZipType or RosterRoutes.CsvType))
        {
            return Results.Problem($"Send the roster as {RosterRoutes.ZipType} (a OneRoster bundle) or {RosterRoutes.CsvType} (a users CSV).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var max = limits.Value.MaxUploadBytes;
        var tooLarge = Results.Problem($"The file is larger than {RosterLimits.Size(max)}; upload the OneRoster export itself.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (context.Request.ContentLength > max)
        {
            return tooLarge;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }
        string id;
        try
        {
            id = await uploads.SaveAsync(context.Request.Body, zip: type == RosterRoutes.ZipType, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return tooLarge;
        }
        var job = jobs.Start(id, context.User.UserName(), commit: false, new RosterImportMode(full ?? false));
        return Results.Json(new RosterJobStarted(job.UploadId, RosterRoutes.JobPath(job.UploadId)), statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> CommitAsync(string id, RosterCommitRequest request, HttpContext context, RosterJobs jobs, AuditLog audit, IOptions<RosterLimits> limits)
    {
        var previewed = jobs.Previewed(id, context.User.UserName());
        if (previewed is null)
        {
            return Results.Problem("That upload is no longer here (already imported or never previewed); upload the roster again.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (previewed.Result is { NeedsConfirmation: true } unconfirmed && !request.ConfirmLeavers)
        {
            return Results.Problem(IndexModel.UnconfirmedLeavers(unconfirmed, limits.Value.MaxLeavingPercent, "confirm the leavers and commit again."), statusCode: StatusCodes.Status400BadRequest);
        }
        await audit.RecordAsync(context.User.UserName(), IndexModel.CommitRequested, "roster", $"commit of a previewed roster: {previewed.Result}", context.RequestAborted);
        var job = jobs.Start(previewed.UploadId, context.User.UserName(), commit: true, previewed.Mode with { LeaversConfirmed = request.ConfirmLeavers });
        return Results.Json(new RosterJobStarted(job.UploadId, RosterRoutes.JobPath(job.UploadId)), statusCode: StatusCodes.Status202Accepted);
    }
}
