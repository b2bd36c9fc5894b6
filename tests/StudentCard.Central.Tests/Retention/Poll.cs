namespace StudentCard.Central.Tests.Retention;

/// <summary>Waits for a condition that background work makes true; the limit only stops a hung test.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, int limitSeconds = 60)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(limitSeconds));
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
