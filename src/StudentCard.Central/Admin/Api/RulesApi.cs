using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The admin API's access rules under /api/rules: list, read, preview, create, change, delete and per-pupil exceptions,
/// JSON only, for the account's own purpose and school (the policy admits, <see cref="RuleService"/> checks each rule:
/// 403 for another purpose's or school's rule or pupil, 400 for a rule that does not fit, both changing nothing).
/// Like <see cref="SafetyApi"/> it binds JSON bodies only, so no cross-site form can post to it.
/// </summary>
public static class RulesApi
{
    public const string Prefix = "/api/rules";

    public static void MapRulesApi(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup(Prefix).RequireAuthorization(AdminPolicies.Rules);
        rules.MapGet("/", async (HttpContext context, RuleService service) =>
            Results.Ok((await service.ListAsync(context.User.RuleEditor(), context.RequestAborted)).Select(RuleView.Of)));
        rules.MapGet("/{id:long}", (long id, HttpContext context, RuleService service) => RunAsync(async editor =>
        {
            var (rule, named) = await service.GetAsync(editor, id, context.RequestAborted);
            return Results.Ok(new { rule = RuleView.Of(rule), pupils = named.Select(n => new { n.StudentNumber, kind = n.Kind.ToString().ToLowerInvariant() }) });
        }, context));
        rules.MapPost("/preview", (RuleRequest request, long? id, HttpContext context, RuleService service) => RunAsync(async editor =>
            Results.Ok(await service.PreviewAsync(editor, id, request.ToDraft(editor), context.RequestAborted)), context));
        rules.MapPost("/", (RuleRequest request, HttpContext context, RuleService service) => RunAsync(async editor =>
        {
            var rule = await service.CreateAsync(editor, request.ToDraft(editor), request.Reason ?? "", context.RequestAborted);
            return Results.Created($"{Prefix}/{rule.Id}", RuleView.Of(rule));
        }, context));
        rules.MapPut("/{id:long}", (long id, RuleRequest request, HttpContext context, RuleService service) => RunAsync(async editor =>
            Results.Ok(RuleView.Of(await service.ChangeAsync(editor, id, request.ToDraft(editor), request.Reason ?? "", context.RequestAborted))), context));
        rules.MapPost("/{id:long}/delete", (long id, RuleDeletion request, HttpContext context, RuleService service) => RunAsync(async editor =>
        {
            await service.DeleteAsync(editor, id, request.Reason ?? "", context.RequestAborted);
            return Results.NoContent();
        }, context));
        rules.MapPost("/{id:long}/exceptions", (long id, RuleExceptionRequest request, HttpContext context, RuleService service) => RunAsync(async editor =>
        {
            var kind = request.Kind?.ToLowerInvariant() switch
            {
                "add" => RuleExceptionKind.Add,
                "withhold" => RuleExceptionKind.Withhold,
                _ => throw new RuleChangeRefused("An exception adds a pupil to a rule or withholds it from them: kind is add or withhold. Nothing was changed."),
            };
            await service.SetExceptionAsync(editor, id, request.StudentNumber ?? "", kind, request.Reason ?? "", context.RequestAborted);
            return Results.NoContent();
        }, context));
        rules.MapPost("/{id:long}/exceptions/remove", (long id, RuleExceptionRequest request, HttpContext context, RuleService service) => RunAsync(async editor =>
        {
            await service.RemoveExceptionAsync(editor, id, request.StudentNumber ?? "", request.Reason ?? "", context.RequestAborted);
            return Results.NoContent();
        }, context));
    }

    private static async Task<IResult> RunAsync(Func<RuleEditor, Task<IResult>> run, HttpContext context)
    {
        try
        {
            return await run(context.User.RuleEditor());
        }
        catch (RuleChangeRefused refused)
        {
            return Results.Json(new { error = refused.Message }, statusCode: refused.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest);
        }
    }
}
