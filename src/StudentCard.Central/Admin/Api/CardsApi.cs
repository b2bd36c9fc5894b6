using StudentCard.Central.Admin.Auth;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// POST /api/cards/revoke: what the Cards page's "report lost" and "revoke" do, for a school admin and a pupil of their
/// own school (another school's pupil is not found: 404), through the same <see cref="SchoolCards"/>, audited the same
/// way. JSON bodies only (else 415), as <see cref="SafetyApi"/> explains.
/// </summary>
public static class CardsApi
{
    public static void MapCardsApi(this IEndpointRouteBuilder app) =>
        app.MapPost(CardRoutes.Revoke, RevokeAsync).RequireAuthorization(AdminPolicies.Cards);

    private static async Task<IResult> RevokeAsync(CardRevokeRequest request, HttpContext context, SchoolCards cards)
    {
        if (!CardRevokeRequest.TryStatus(request.Status, out var status))
        {
            return Results.Problem("The status is lost or revoked.", statusCode: StatusCodes.Status400BadRequest);
        }
        try
        {
            var card = await cards.RevokeAsync(context.User.UserName(), context.User.ScopeOf(), request.Student, request.Card, status, request.Reason, context.RequestAborted);
            return Results.Ok(new CardRevokeResponse(card.Id, CardRevokeRequest.Word(card.Status)));
        }
        catch (EnrollmentException e)
        {
            return Results.Problem(e.Message, statusCode: e.Error == EnrollmentError.UnknownStudent ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
    }
}
