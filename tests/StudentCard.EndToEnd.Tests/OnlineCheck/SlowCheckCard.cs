using Grpc.Core;
using Grpc.Core.Interceptors;

namespace StudentCard.EndToEnd.Tests.OnlineCheck;

/// <summary>
/// A Central made slow on purpose: a gRPC server interceptor that holds every CheckCard call for
/// <see cref="Delay"/> before the real service answers (other calls pass at once).
/// </summary>
public sealed class SlowCheckCard : Interceptor
{
    private long _delayTicks;
    private long _held;

    /// <summary>How long each CheckCard waits before being answered; zero answers at once.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>CheckCard calls that reached Central and were held back.</summary>
    public long Held => Interlocked.Read(ref _held);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var delay = Delay;
        if (delay > TimeSpan.Zero && context.Method.EndsWith("/CheckCard", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _held);
            // Ends early when the caller's deadline passes: the call is then over for both sides.
            await Task.Delay(delay, context.CancellationToken);
        }
        return await continuation(request, context);
    }
}
