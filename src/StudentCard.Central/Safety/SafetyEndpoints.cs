using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using StudentCard.Central.Hosting;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// The admin HTTP commands for lockdown and evacuation: POST /api/safety/{site}/lockdown, /evacuate and /lift.
/// All of them are in one route group so one authorization policy can cover them; without one they answer
/// callers on this machine only (the "lockdown" command line), never a reader or anyone on the network.
/// </summary>
public static class SafetyEndpoints
{
    public const string Prefix = "/api/safety";

    public static RouteGroupBuilder MapSafetyCommands(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix + "/{site}");
        group.AddEndpointFilter(LocalCallersOnlyAsync);
        // The "lockdown" command line calls them on the port it knows (gRPC's, HTTP/2); they guard themselves above.
        group.WithMetadata(new ServedOnEveryListener());
        group.MapPost("/lockdown", (string site, SiteModeRequest request, SiteModeService modes, CancellationToken ct) =>
            RunAsync(() => modes.LockdownAsync(site, request.Override ?? [], request.Actor ?? "", request.Reason ?? "", ct)));
        group.MapPost("/evacuate", (string site, SiteModeRequest request, SiteModeService modes, CancellationToken ct) =>
            RunAsync(() => request.Override is { Count: > 0 }
                ? throw new SiteModeException("An evacuation releases everyone; it takes no override list.")
                : modes.EvacuateAsync(site, request.Actor ?? "", request.Reason ?? "", ct)));
        group.MapPost("/lift", (string site, SiteModeRequest request, SiteModeService modes, CancellationToken ct) =>
            RunAsync(() => request.Override is { Count: > 0 }
                ? throw new SiteModeException("Lifting takes no override list.")
                : modes.LiftAsync(site, request.Actor ?? "", request.Reason ?? "", ct)));
        return group;
    }

    private static async Task<IResult> RunAsync(Func<Task<SiteModeOutcome>> command)
    {
        try
        {
            var outcome = await command();
            return Results.Ok(new SiteModeResponse(outcome.Site, SafetyModeWords.Word(outcome.Mode), outcome.Sequence, outcome.OverridePseudonyms, outcome.Published));
        }
        catch (SiteModeException refused)
        {
            return Results.BadRequest(new SiteModeError(refused.Message));
        }
    }

    private static async ValueTask<object?> LocalCallersOnlyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            return Results.Problem("Safety commands are accepted from this machine only.", statusCode: StatusCodes.Status403Forbidden);
        }
        return await next(context);
    }
}
