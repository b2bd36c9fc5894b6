using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Calendar;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The admin API's calendar under /api/calendar: GET the version in force and its history; POST adds, PUT changes and
/// POST …/delete removes sites, closures, zones, schedules and bus routes, each with a reason. The same service as the
/// pages decides, so a refusal is the same: 400 for a change that does not hold, 403 for one that is not the caller's
/// (another school's site, a route for a school admin), both with the message and nothing changed. JSON bodies only,
/// as <see cref="SafetyApi"/> explains.
/// </summary>
public static class CalendarApi
{
    public const string Prefix = "/api/calendar";

    public static void MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(AdminPolicies.Calendar);
        api.MapGet("", (AccessPolicySource source, TimeProvider time) => Results.Ok(CalendarView.Of(source, time.GetUtcNow())));
        api.MapGet("/history", async (CalendarEditor editor, CancellationToken ct) => Results.Ok(await editor.HistoryAsync(int.MaxValue, ct)));

        api.MapPost("/sites", (Body<SiteEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.AddSiteAsync(actor, value, body.Reason ?? "", c.RequestAborted)));
        api.MapPut("/sites/{site}", (string site, Body<SiteEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.ChangeSiteAsync(actor, value with { Name = site }, body.Reason ?? "", c.RequestAborted)));
        api.MapPost("/sites/{site}/delete", (string site, ReasonBody body, HttpContext c, CalendarEditor e) =>
            Run(c, actor => e.DeleteSiteAsync(actor, site, body.Reason ?? "", c.RequestAborted)));

        api.MapPost("/sites/{site}/closures", (string site, Body<ClosureEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.AddClosureAsync(actor, site, value, body.Reason ?? "", c.RequestAborted)));
        api.MapPost("/sites/{site}/closures/delete", (string site, Body<ClosureEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.DeleteClosureAsync(actor, site, value.From, value.To ?? value.From, body.Reason ?? "", c.RequestAborted)));

        api.MapPost("/sites/{site}/zones", (string site, Body<ZoneEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.AddZoneAsync(actor, site, value, body.Reason ?? "", c.RequestAborted)));
        api.MapPut("/sites/{site}/zones/{zone}", (string site, string zone, Body<ZoneEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.ChangeZoneAsync(actor, site, value with { Zone = zone }, body.Reason ?? "", c.RequestAborted)));
        api.MapPost("/sites/{site}/zones/{zone}/delete", (string site, string zone, ReasonBody body, HttpContext c, CalendarEditor e) =>
            Run(c, actor => e.DeleteZoneAsync(actor, site, zone, body.Reason ?? "", c.RequestAborted)));

        api.MapPost("/schedules", (Body<ScheduleEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.AddScheduleAsync(actor, value, body.Reason ?? "", c.RequestAborted)));
        api.MapPut("/schedules/{schedule}", (string schedule, Body<ScheduleEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.ChangeScheduleAsync(actor, value with { Name = schedule }, body.Reason ?? "", c.RequestAborted)));
        api.MapPost("/schedules/{schedule}/delete", (string schedule, ReasonBody body, HttpContext c, CalendarEditor e) =>
            Run(c, actor => e.DeleteScheduleAsync(actor, schedule, body.Reason ?? "", c.RequestAborted)));

        api.MapPost("/routes", (Body<RouteEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.AddRouteAsync(actor, value, body.Reason ?? "", c.RequestAborted)));
        api.MapPut("/routes/{route}", (string route, Body<RouteEdit> body, HttpContext c, CalendarEditor e) =>
            Run(c, body.Value, (actor, value) => e.ChangeRouteAsync(actor, value with { Name = route }, body.Reason ?? "", c.RequestAborted)));
        api.MapPost("/routes/{route}/delete", (string route, ReasonBody body, HttpContext c, CalendarEditor e) =>
            Run(c, actor => e.DeleteRouteAsync(actor, route, body.Reason ?? "", c.RequestAborted)));
    }

    private static Task<IResult> Run<T>(HttpContext context, T? value, Func<CalendarActor, T, Task<long>> change) where T : class =>
        value is null
            ? Task.FromResult(Results.Json(new CalendarError("The request has no \"value\" to change. Nothing was changed."), statusCode: StatusCodes.Status400BadRequest))
            : Run(context, actor => change(actor, value));

    private static async Task<IResult> Run(HttpContext context, Func<CalendarActor, Task<long>> change)
    {
        try
        {
            return Results.Ok(new CalendarChangeResponse(await change(StaffActor.Calendar(context.User))));
        }
        catch (CalendarException refused)
        {
            return Results.Json(new CalendarError(refused.Message), statusCode: refused.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>A change and its reason: <c>{"reason": "…", "value": {…}}</c>.</summary>
    public sealed record Body<T>(T? Value, string? Reason);

    public sealed record ReasonBody(string? Reason);
}

/// <summary>What a change committed: the calendar's new version.</summary>
public sealed record CalendarChangeResponse(long Version);

/// <summary>Why a change was refused; nothing was changed.</summary>
public sealed record CalendarError(string Error);
