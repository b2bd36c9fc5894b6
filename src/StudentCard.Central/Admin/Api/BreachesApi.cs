using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;

namespace StudentCard.Central.Admin.Api;

/// <summary>
/// The DPO's breach register through the admin API: GET /api/breaches lists the breaches (overdue first), POST records
/// one; GET /api/breaches/{id} shows one with its pupils; POST /api/breaches/{id}/{step} takes a step (update,
/// propose-reader, propose-days, confirm, remove-pupil, notify-authority, delay, decide, inform, close) through the same
/// services as the page, audited in the signed-in account's name. JSON bodies only (else 415), as <see cref="SafetyApi"/>
/// explains; a refused step answers 400 with the reason and changes nothing, and an unknown breach 404.
/// </summary>
public static class BreachesApi
{
    public static void MapBreachesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BreachRoutes.Breaches).RequireAuthorization(AdminPolicies.Breaches);
        group.MapGet("", async (BreachRegister register, CancellationToken cancellationToken) =>
            (await register.ListAsync(cancellationToken)).Select(BreachAnswer.Of));
        group.MapGet("/{id:long}", (long id, HttpContext context, BreachRegister register) => RunAsync(async _ =>
        {
            var standing = await register.GetAsync(id, context.RequestAborted);
            return new { breach = BreachAnswer.Of(standing), pupils = await register.PupilsAsync(id, context.RequestAborted) };
        }, context));
        group.MapPost("", (BreachReport body, HttpContext context, BreachRegister register) => RunAsync(async by =>
            await Answer(register, await register.RecordAsync(by, body, context.RequestAborted), context), context));
        group.MapPost("/{id:long}/update", (long id, BreachReport body, HttpContext context, BreachRegister register) => RunAsync(async by =>
            await Answer(register, await register.UpdateAsync(by, id, body, context.RequestAborted), context), context));
        Step(group, "propose-reader", (s, by, id, body, ct) => Proposal(s.Pupils.FromReaderAsync(by, id, body.Reader, body.Since, ct)));
        Step(group, "propose-days", (s, by, id, body, ct) => Proposal(s.Pupils.FromDaysAsync(by, id, body.FirstDay, body.LastDay, ct)));
        Step(group, "confirm", async (s, by, id, body, ct) =>
        {
            var (confirmed, removed) = await s.Pupils.ConfirmAsync(by, id, body.Remove, ct);
            return new { id, confirmed, removed };
        });
        Step(group, "remove-pupil", async (s, by, id, body, ct) => await Answer(s.Register, await s.Pupils.RemoveAsync(by, id, body.Pupil, body.Reason, ct), ct));
        Step(group, "notify-authority", async (s, by, id, body, ct) =>
            await Answer(s.Register, await s.Register.NotifyAuthorityAsync(by, id, body.At, body.Reference, body.Reason, ct), ct));
        Step(group, "delay", async (s, by, id, body, ct) => await Answer(s.Register, await s.Register.RecordDelayAsync(by, id, body.Reason, ct), ct));
        Step(group, "decide", async (s, by, id, body, ct) => await Answer(s.Register, await s.Register.DecideAsync(by, id, body.Inform, body.Reason, ct), ct));
        Step(group, "inform", async (s, by, id, body, ct) => await Answer(s.Register, await s.Register.RecordInformedAsync(by, id, body.At, body.Channel, ct), ct));
        Step(group, "close", async (s, by, id, body, ct) => await Answer(s.Register, await s.Register.CloseAsync(by, id, body.Reason, ct), ct));
    }

    private static void Step(RouteGroupBuilder group, string name, Func<Services, StaffStep, long, BreachStep, CancellationToken, Task<object>> step) =>
        group.MapPost("/{id:long}/" + name, (long id, BreachStep body, HttpContext context, BreachRegister register, AffectedPupils pupils) =>
            RunAsync(by => step(new Services(register, pupils), by, id, body, context.RequestAborted), context));

    private static async Task<object> Proposal(Task<BreachProposal> proposal) => await proposal;

    private static Task<object> Answer(BreachRegister register, Vault.Breach breach, HttpContext context) => Answer(register, breach, context.RequestAborted);

    private static async Task<object> Answer(BreachRegister register, Vault.Breach breach, CancellationToken cancellationToken) =>
        BreachAnswer.Of(await register.GetAsync(breach.Id, cancellationToken));

    private static async Task<IResult> RunAsync(Func<StaffStep, Task<object>> step, HttpContext context)
    {
        try
        {
            return Results.Ok(await step(StaffStep.ThroughApi(context.User.UserName())));
        }
        catch (BreachException e)
        {
            return Results.Problem(e.Message, statusCode: e.UnknownBreach ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest);
        }
    }

    private sealed record Services(BreachRegister Register, AffectedPupils Pupils);
}
