using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Pupils;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The pupils page as JSON: POST /api/pupils/search {query, reason} and POST /api/pupils/view {studentNumber, reason}, for a
/// school admin and their own school's pupils only (another school's pupil: 404 as an unknown one), audited as the page is.
/// Posted, so neither a name nor a reason lands in a URL; JSON bodies only, as <see cref="SafetyApi"/> explains.
/// </summary>
public static class PupilsApi
{
    public const string NotFound = "No pupil with this student number at your school.";

    public static void MapPupilsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pupils").RequireAuthorization(AdminPolicies.Pupils);
        group.MapPost("/search", SearchAsync);
        group.MapPost("/view", ViewAsync);
    }

    private static async Task<IResult> SearchAsync(PupilSearchBody body, HttpContext context, PupilDirectory pupils)
    {
        var request = new PupilSearchRequest(context.User.UserName(), context.User.ScopeOf(), body.Query ?? "", body.Reason ?? "");
        if (request.Problem() is { } problem)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        return Results.Ok(await pupils.SearchAsync(request, context.RequestAborted));
    }

    private static async Task<IResult> ViewAsync(PupilViewBody body, HttpContext context, PupilDirectory pupils, AccessPolicySource access)
    {
        var request = new PupilViewRequest(context.User.UserName(), context.User.ScopeOf(), body.StudentNumber ?? "", body.Reason ?? "");
        if (request.Problem() is { } problem)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        var view = await pupils.ViewAsync(request, PassageScope.Of(context.User, access), context.RequestAborted);
        return view is null ? Results.Problem(NotFound, statusCode: StatusCodes.Status404NotFound) : Results.Ok(view);
    }

    /// <summary>The body of a pupil search.</summary>
    public sealed record PupilSearchBody(string? Query, string? Reason);

    /// <summary>The body of a pupil view.</summary>
    public sealed record PupilViewBody(string? StudentNumber, string? Reason);
}
