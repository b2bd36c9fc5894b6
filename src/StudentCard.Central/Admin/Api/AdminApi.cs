using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The JSON API under /api: the same reads as the pages, behind the same policies and through the
/// same audited queries. Signed-in staff call it with their sign-in cookie, which programs get from the JSON sign-in.
/// </summary>
public static class AdminApi
{
    public static void MapAdminApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/passages", ReadPassagesAsync).RequireAuthorization(AdminPolicies.PassagesRead);
        api.MapGet("/readers", ReadReadersAsync).RequireAuthorization(AdminPolicies.Readers);
        app.MapSignInApi();
        app.MapSafetyApi();
        app.MapCardsApi();
        app.MapReadersApi();
        app.MapDataSubjectsApi();
        app.MapBreachesApi();
        app.MapRosterApi();
        app.MapCalendarApi();
        app.MapPupilsApi();
        app.MapRulesApi();
        app.MapStaffApi();
    }

    private static async Task<IResult> ReadPassagesAsync(
        HttpContext context, PassageQueries passages, AccessPolicySource access,
        string? reader, DateTimeOffset? from, DateTimeOffset? to, string? decision, int? page)
    {
        var scope = PassageScope.Of(context.User, access);
        var filter = new PassageFilter(reader, from, to, decision, page ?? 1);
        if (filter.Problem() is { } problem)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        if (scope.SeesNothing)
        {
            // Fail closed: a school no site belongs to sees no passage, and is told why.
            return Results.Ok(new { purpose = scope.Purpose.Name(), filter.Page, PageSize = PassageFilter.PageSize, HasNext = false, Items = Array.Empty<PassageRow>(), sites = scope.Sites, notice = PassageScope.NoSiteNotice });
        }
        var result = await passages.ReadAsync(context.User.UserName(), scope, filter, context.RequestAborted);
        return Results.Ok(new { purpose = scope.Purpose.Name(), result.Page, result.PageSize, result.HasNext, result.Items, sites = scope.Sites });
    }

    private static async Task<IResult> ReadReadersAsync(ReaderAdministration readers, CancellationToken cancellationToken)
    {
        var list = await readers.ListAsync(cancellationToken);
        return Results.Ok(list.Select(r => new
        {
            r.Id,
            type = r.Type.Name(),
            r.Online,
            r.LastSeenAt,
            r.OutboxBacklog,
            r.AllowListVersion,
            r.RegisteredAt,
            r.RevokedAt,
        }));
    }
}
