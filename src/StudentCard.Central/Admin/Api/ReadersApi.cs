using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.ReaderAccounts;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// POST /api/readers/{id}/revoke: the Readers page's revocation for the operator, through the same
/// <see cref="ReaderAdministration"/> (stated reason, audited in the operator's name); the running Central cuts the
/// reader's sessions within a second. JSON bodies only (else 415), as <see cref="SafetyApi"/> explains.
/// </summary>
public static class ReadersApi
{
    public static void MapReadersApi(this IEndpointRouteBuilder app) =>
        app.MapPost(ReaderRoutes.Revoke, RevokeAsync).RequireAuthorization(AdminPolicies.Readers);

    private static async Task<IResult> RevokeAsync(string id, ReaderRevokeRequest request, HttpContext context, ReaderAdministration readers)
    {
        try
        {
            await readers.RevokeAsync(context.User.UserName(), id, request.Reason ?? "", context.RequestAborted);
            return Results.Ok(new ReaderRevokeResponse(id));
        }
        catch (ReaderRegistrationException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
