using StudentCard.Central.Admin.Auth;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The DPO's data-subject requests through the admin API, for the "dsr" command line: POST /api/dsr/requests opens one,
/// POST /api/dsr/requests/{id}/{step} takes a step (verify, extend, refuse, export, erase, rectify, restrict, lift, object,
/// notify) through the same <see cref="SubjectRequestSteps"/> as the page, with the same checks (erasure, refusal and
/// objection need the request number typed as confirmation) and audit entries. JSON bodies only (else 415), as
/// <see cref="SafetyApi"/> explains; a refused step answers 400 with the reason and changes nothing.
/// </summary>
public static class DataSubjectsApi
{
    public static void MapDataSubjectsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(DsrRoutes.Requests).RequireAuthorization(AdminPolicies.DataSubjects);
        group.MapPost("", (DsrOpenRequest body, HttpContext context, SubjectRequestSteps steps) => RunAsync(async by =>
        {
            var kind = Parse<RequestKind>(body.Kind, "The kind is access, portability, rectification, erasure, restriction or objection.");
            var requester = Parse<RequesterRole>(body.Requester, "The requester is student or guardian.");
            return DsrAnswer.Of(await steps.OpenAsync(by, body.Student, kind, requester, body.Guardian, body.Purpose, context.RequestAborted));
        }, context));
        Step(group, "verify", (steps, by, id, body, ct) => Answer(steps.VerifyAsync(by, id, body.Method, ct)));
        Step(group, "extend", (steps, by, id, body, ct) => Answer(steps.ExtendAsync(by, id, body.Days ?? 0, body.Reason, ct)));
        Step(group, "refuse", (steps, by, id, body, ct) => Answer(steps.RefuseAsync(by, id, body.Reason, body.Confirmation, ct)));
        Step(group, "export", async (steps, by, id, body, ct) =>
        {
            var document = await steps.ExportAsync(by, id, ct);
            return new DsrExport(document.FreeCopy, SubjectExporter.ToJson(document));
        });
        Step(group, "erase", async (steps, by, id, body, ct) => await steps.EraseAsync(by, id, body.Confirmation, ct));
        Step(group, "rectify", (steps, by, id, body, ct) => Answer(steps.RectifyAsync(by, id,
            new Rectification(body.GivenName, body.FamilyName, body.School, body.ClassName, body.BirthYear, body.GuardianName), ct)));
        Step(group, "restrict", (steps, by, id, body, ct) => Answer(steps.RestrictAsync(by, id, ct)));
        Step(group, "lift", async (steps, by, id, body, ct) => new DsrLifted(id, await steps.LiftRestrictionAsync(by, id, ct)));
        Step(group, "object", (steps, by, id, body, ct) => Answer(steps.ObjectAsync(by, id, body.Confirmation, ct)));
        Step(group, "notify", (steps, by, id, body, ct) => Answer(steps.NotifyAsync(by, id, body.Channel, ct)));
    }

    private static void Step(RouteGroupBuilder group, string name, Func<SubjectRequestSteps, StaffStep, long, DsrStep, CancellationToken, Task<object>> step) =>
        group.MapPost("/{id:long}/" + name, (long id, DsrStep body, HttpContext context, SubjectRequestSteps steps) =>
            RunAsync(by => step(steps, by, id, body, context.RequestAborted), context));

    private static async Task<object> Answer(Task<SubjectRequest> step) => DsrAnswer.Of(await step);

    private static async Task<IResult> RunAsync(Func<StaffStep, Task<object>> step, HttpContext context)
    {
        try
        {
            return Results.Ok(await step(StaffStep.ThroughApi(context.User.UserName())));
        }
        catch (DataSubjectException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static T Parse<T>(string? word, string problem) where T : struct, Enum =>
        Enum.TryParse<T>(word?.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(word, out _)
            ? value
            : throw new DataSubjectException(problem);
}
