using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The admin API's staff accounts under /api/staff, for operators only (others: 403): list, add, disable, enable, role,
/// school, unlock, password reset and a required password change, through the same <see cref="StaffAdministration"/> as
/// the Staff page. An unknown account is 404, a refused change 400 with the reason; both change nothing. A generated
/// password is answered once with Cache-Control: no-store. JSON bodies only, as <see cref="SafetyApi"/> explains.
/// </summary>
public static class StaffApi
{
    public static void MapStaffApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup(StaffRoutes.Prefix).RequireAuthorization(AdminPolicies.Staff);
        staff.MapGet("/", async (StaffDirectory directory, HttpContext context) =>
            Results.Ok((await directory.ListAsync(context.RequestAborted)).Select(a => StaffAccountView.Of(a, directory.IsExpired(a)))));
        staff.MapPost("/", (StaffCreateRequest request, StaffDirectory directory, HttpContext context) => RunAsync(context, async actor =>
        {
            var role = Role(request.Role);
            var userName = (request.UserName ?? "").Trim();
            var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? userName : request.DisplayName;
            var password = await directory.CreateAsync(actor, userName, displayName, role, request.School, request.Reason ?? "", context.RequestAborted);
            return OneTimePassword(context, userName, password, StatusCodes.Status201Created);
        }));
        staff.MapPost("/{user}/disable", (string user, StaffChangeRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.DisableAsync(actor, user, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/enable", (string user, StaffChangeRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.EnableAsync(actor, user, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/unlock", (string user, StaffChangeRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.UnlockAsync(actor, user, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/require-password-change", (string user, StaffChangeRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.RequirePasswordChangeAsync(actor, user, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/role", (string user, StaffRoleRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.ChangeRoleAsync(actor, user, Role(request.Role), request.School, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/school", (string user, StaffSchoolRequest request, StaffAdministration admin, HttpContext context) =>
            RunAsync(context, actor => Done(admin.ChangeSchoolAsync(actor, user, request.School, request.Reason ?? "", context.RequestAborted))));
        staff.MapPost("/{user}/reset-password", (string user, StaffChangeRequest request, StaffAdministration admin, HttpContext context) => RunAsync(context, async actor =>
        {
            var password = await admin.ResetPasswordAsync(actor, user, request.Reason ?? "", context.RequestAborted);
            return OneTimePassword(context, user.Trim(), password, StatusCodes.Status200OK);
        }));
    }

    private static StaffRole Role(string? name) => StaffRoles.TryParse(name?.Trim(), out var role)
        ? role
        : throw new StaffAccountException($"'{name}' is not a staff role; use one of: {string.Join(", ", StaffRoles.Names)}. Nothing was changed.");

    private static async Task<IResult> Done(Task change)
    {
        await change;
        return Results.NoContent();
    }

    private static IResult OneTimePassword(HttpContext context, string userName, string password, int status)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new StaffPasswordResponse(userName, password), statusCode: status);
    }

    private static async Task<IResult> RunAsync(HttpContext context, Func<string, Task<IResult>> run)
    {
        try
        {
            return await run(context.User.UserName());
        }
        catch (StaffAccountException refused)
        {
            return Results.Json(new { error = refused.Message }, statusCode: refused.UnknownAccount ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
    }
}
