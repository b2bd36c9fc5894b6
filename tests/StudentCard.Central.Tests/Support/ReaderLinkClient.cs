using Grpc.Core;
using StudentCard.Protos.V1;

namespace StudentCard.Central.Tests.Support;

/// <summary>A client of Central's ReaderLink service as an agent calls it: real gRPC, Central's own message types.</summary>
internal sealed class ReaderLinkClient(CallInvoker invoker)
{
    private static readonly Method<HelloRequest, HelloReply> Hello =
        ContractMethods.Of<HelloRequest, HelloReply>(Protos.V1.ReaderLink.Descriptor, "Hello");

    private static readonly Method<AllowListRequest, AllowListPage> AllowList =
        ContractMethods.Of<AllowListRequest, AllowListPage>(Protos.V1.ReaderLink.Descriptor, "GetAllowList");

    private static readonly Method<CheckCardRequest, CheckCardReply> CheckCard =
        ContractMethods.Of<CheckCardRequest, CheckCardReply>(Protos.V1.ReaderLink.Descriptor, "CheckCard");

    public ReaderLinkClient(ChannelBase channel)
        : this(channel.CreateCallInvoker())
    {
    }

    public AsyncUnaryCall<HelloReply> HelloAsync(HelloRequest request, Metadata? headers = null) =>
        invoker.AsyncUnaryCall(Hello, null, new CallOptions(headers), request);

    public AsyncServerStreamingCall<AllowListPage> GetAllowList(AllowListRequest request, Metadata? headers = null) =>
        invoker.AsyncServerStreamingCall(AllowList, null, new CallOptions(headers), request);

    public AsyncUnaryCall<CheckCardReply> CheckCardAsync(CheckCardRequest request, Metadata? headers = null) =>
        invoker.AsyncUnaryCall(CheckCard, null, new CallOptions(headers), request);
}
