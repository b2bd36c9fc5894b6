using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using StudentCard.Central.CardEnrollment;
using StudentCard.Core.Identifiers;
using StudentCard.Protos.V1;

namespace StudentCard.Central.DeskApi;

/// <summary>The gRPC face of the enrollment desk; every call is the authenticated desk's own, handed to <see cref="DeskEnrollment"/>.</summary>
internal sealed class EnrollmentDeskService(DeskEnrollment desk) : Protos.V1.EnrollmentDesk.EnrollmentDeskBase
{
    public override async Task<OpenEnrollmentReply> OpenEnrollment(OpenEnrollmentRequest request, ServerCallContext context)
    {
        var kind = request.Kind switch
        {
            EnrollmentKind.FirstCard => DeskEnrollmentKind.FirstCard,
            EnrollmentKind.Reissue => DeskEnrollmentKind.Reissue,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "kind must be FIRST_CARD or REISSUE.")),
        };
        try
        {
            var opened = await desk.OpenAsync(context.DeskId(), request.StudentNumber, kind, context.CancellationToken);
            return new OpenEnrollmentReply { ExpiresAt = Timestamp.FromDateTimeOffset(opened.ExpiresAt) };
        }
        catch (EnrollmentException e)
        {
            throw new RpcException(new Status(e.Error switch
            {
                EnrollmentError.UnknownStudent => StatusCode.NotFound,
                EnrollmentError.StudentAlreadyEnrolled => StatusCode.FailedPrecondition,
                _ => StatusCode.InvalidArgument,
            }, e.Message));
        }
    }

    public override Task<CancelEnrollmentReply> CancelEnrollment(CancelEnrollmentRequest request, ServerCallContext context) =>
        Task.FromResult(new CancelEnrollmentReply { Cancelled = desk.Cancel(context.DeskId()) });

    public override async Task<SubmitCardReply> SubmitCard(SubmitCardRequest request, ServerCallContext context)
    {
        var binding = await desk.SubmitAsync(context.DeskId(), new CardToken(request.CardToken), context.CancellationToken);
        return new SubmitCardReply
        {
            Outcome = (EnrollmentOutcome)(int)binding.Outcome,
            Message = binding.Message,
            PupilRights = binding.PupilHasRights switch
            {
                true => PupilRights.Held,
                false => PupilRights.None,
                null => PupilRights.Unspecified,
            },
        };
    }
}
