namespace StudentCard.Edge.Outbox;

/// <summary>Wakes the drain loop when a passage was added, so it need not poll.</summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = NewSource();

    public void Poke() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var pending = Volatile.Read(ref _next).Task;
        try
        {
            await pending.WaitAsync(timeout, time, ct);
        }
        catch (TimeoutException)
        {
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
