namespace StudentCard.Edge.Tests.Reader;

/// <summary>Waits for a condition by polling, failing with a message after a generous limit (never asserts durations).</summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }
            await Task.Delay(20);
        }
    }
}
