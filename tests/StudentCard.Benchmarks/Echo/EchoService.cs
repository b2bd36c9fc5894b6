using Grpc.Core;

namespace StudentCard.Benchmarks.Echo;

/// <summary>The bare gRPC baseline: answers with what it was sent, no authentication, no work.</summary>
public sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Say(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
