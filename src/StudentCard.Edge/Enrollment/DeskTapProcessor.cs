using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Edge.Reader;
using StudentCard.Protos.V1;

namespace StudentCard.Edge.Enrollment;

/// <summary>
/// The path of a tap at an enrollment desk: UID → card token (K_site only) → Central's enrollment desk
/// service → green when the card was bound, amber when it was bound to a pupil who holds no right yet, red otherwise
/// (<see cref="DeskFeedback"/>). No allow-list, outbox or pseudonym is involved;
/// one student is served at a time, so each tap waits for Central's answer.
/// </summary>
public sealed class DeskTapProcessor(
    ICardReader reader,
    DeskKeys keys,
    DeskClient client,
    DeskOutcomeLog outcomes,
    IOptions<DeskOptions> options,
    TimeProvider time,
    ILogger<DeskTapProcessor> logger) : BackgroundService
{
    private readonly DeskOptions _desk = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var tap in reader.TapsAsync(stoppingToken))
            {
                var (outcome, rights, message) = await SubmitAsync(tap, stoppingToken);
                outcomes.Record(new DeskOutcome(outcome.ToString(), message, time.GetUtcNow(), outcome == EnrollmentOutcome.Bound ? rights != PupilRights.None : null));
                await reader.ShowAsync(DeskFeedback.For(outcome, rights), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<(EnrollmentOutcome Outcome, PupilRights Rights, string Message)> SubmitAsync(CardTap tap, CancellationToken stoppingToken)
    {
        var request = new SubmitCardRequest { CardToken = keys.Token(tap.Uid).Value };
        try
        {
            var reply = await client.Desk.SubmitCardAsync(request, client.Call(stoppingToken, TimeSpan.FromMilliseconds(_desk.SubmitTimeoutMs)));
            if (reply.Outcome == EnrollmentOutcome.Bound && reply.PupilRights == PupilRights.None)
            {
                logger.LogWarning("Desk {DeskId}: card bound, but the pupil has no rights yet; it opens nothing. {Message}", _desk.DeskId, reply.Message);
            }
            else if (reply.Outcome == EnrollmentOutcome.Bound)
            {
                logger.LogInformation("Desk {DeskId}: card bound. {Message}", _desk.DeskId, reply.Message);
            }
            else
            {
                logger.LogWarning("Desk {DeskId}: card refused ({Outcome}). {Message}", _desk.DeskId, reply.Outcome, reply.Message);
            }
            return (reply.Outcome, reply.PupilRights, reply.Message);
        }
        catch (RpcException e) when (!stoppingToken.IsCancellationRequested)
        {
            // Central unreachable, too slow, or this desk refused (wrong secret, revoked): red, and the tap can be repeated.
            var message = $"Central did not take the card ({e.StatusCode}): {e.Status.Detail}";
            logger.LogError("Desk {DeskId}: {Problem}", _desk.DeskId, message);
            return (EnrollmentOutcome.Unspecified, PupilRights.Unspecified, message);
        }
    }
}
