namespace StudentCard.Local;

/// <summary>Waits for a condition of the starting system, failing with what it waited for after a generous deadline.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 30, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(20, ct);
        }
    }
}
