using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.SiteModes;
using StudentCard.Central.Safety;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The admin API's safety commands: POST /api/safety/{site}/lockdown, /evacuate and /lift, on the admin listener only and
/// for a signed-in school admin at a site of their own school (else 401, or 403 changing nothing). The actor on record is
/// the signed-in account.
/// </summary>
/// <remarks>
/// Not forgeable from another site: the body binds from JSON only, so a request with any other content type is refused
/// (415) before the command runs. A cross-site HTML form can send only form or text bodies, and a script on another
/// origin cannot send JSON without a CORS preflight, which Central never grants; the sign-in cookie is SameSite=Strict
/// on top. So the API needs no anti-forgery token, which the pages' forms carry, and the command line can call it.
/// </remarks>
public static class SafetyApi
{
    public static void MapSafetyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(SafetyRoutes.Prefix + "/{site}").RequireAuthorization(AdminPolicies.SafetyCommand);
        foreach (var command in (string[])[SafetyRoutes.Lockdown, SafetyRoutes.Evacuate, SafetyRoutes.Lift])
        {
            group.MapPost("/" + command, (string site, SiteModeRequest request, HttpContext context, SiteCommands commands) =>
                RunAsync(context, commands, command, site, request));
        }
    }

    private static async Task<IResult> RunAsync(HttpContext context, SiteCommands commands, string command, string site, SiteModeRequest request)
    {
        if (!commands.Covers(context.User, site))
        {
            return Results.Json(new SiteModeError(commands.NotCovered(context.User, site)), statusCode: StatusCodes.Status403Forbidden);
        }
        try
        {
            var outcome = await commands.RunAsync(context.User, command, site, request.Override ?? [], request.Reason ?? "", context.RequestAborted);
            return Results.Ok(SiteModeResponse.Of(outcome));
        }
        catch (SiteModeException refused)
        {
            return Results.BadRequest(new SiteModeError(refused.Message));
        }
    }
}
