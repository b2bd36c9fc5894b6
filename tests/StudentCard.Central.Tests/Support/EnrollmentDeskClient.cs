using Grpc.Core;
using StudentCard.Protos.V1;

namespace StudentCard.Central.Tests.Support;

/// <summary>A client of Central's EnrollmentDesk service as a desk calls it: real gRPC, Central's own message types.</summary>
internal sealed class EnrollmentDeskClient(CallInvoker invoker)
{
    private static readonly Method<OpenEnrollmentRequest, OpenEnrollmentReply> Open =
        ContractMethods.Of<OpenEnrollmentRequest, OpenEnrollmentReply>(Protos.V1.EnrollmentDesk.Descriptor, "OpenEnrollment");

    private static readonly Method<CancelEnrollmentRequest, CancelEnrollmentReply> Cancel =
        ContractMethods.Of<CancelEnrollmentRequest, CancelEnrollmentReply>(Protos.V1.EnrollmentDesk.Descriptor, "CancelEnrollment");

    private static readonly Method<SubmitCardRequest, SubmitCardReply> Submit =
        ContractMethods.Of<SubmitCardRequest, SubmitCardReply>(Protos.V1.EnrollmentDesk.Descriptor, "SubmitCard");

    public AsyncUnaryCall<OpenEnrollmentReply> OpenEnrollmentAsync(OpenEnrollmentRequest request, Metadata? headers = null) =>
        invoker.AsyncUnaryCall(Open, null, new CallOptions(headers), request);

    public AsyncUnaryCall<CancelEnrollmentReply> CancelEnrollmentAsync(CancelEnrollmentRequest request, Metadata? headers = null) =>
        invoker.AsyncUnaryCall(Cancel, null, new CallOptions(headers), request);

    public AsyncUnaryCall<SubmitCardReply> SubmitCardAsync(SubmitCardRequest request, Metadata? headers = null) =>
        invoker.AsyncUnaryCall(Submit, null, new CallOptions(headers), request);
}
