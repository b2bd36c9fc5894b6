using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Readers;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The JSON API under /api: the same reads as the pages, behind the same policies and through the
/// same audited queries. Signed-in staff call it with their sign-in cookie.
/// </summary>
public static class AdminApi
{
    public static void MapAdminApi(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/passages", ReadPassagesAsync).RequireAuthorization(AdminPolicies.PassagesRead);
        api.MapGet("/readers", ReadReadersAsync).RequireAuthorization(AdminPolicies.Readers);
    }

    private static async Task<IResult> ReadPassagesAsync(
        HttpContext context, PassageQueries passages,
        string? reader, DateTimeOffset? from, DateTimeOffset? to, string? decision, int? page)
    {
        var purpose = context.User.PurposeOf()!.Value;
        var filter = new PassageFilter(reader, from, to, decision, page ?? 1);
        if (filter.Problem() is { } problem)
        {
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        var result = await passages.ReadAsync(context.User.UserName(), purpose, filter, context.RequestAborted);
        return Results.Ok(new { purpose = purpose.Name(), result.Page, result.PageSize, result.HasNext, result.Items });
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
