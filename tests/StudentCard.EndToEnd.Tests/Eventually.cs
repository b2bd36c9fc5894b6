namespace StudentCard.EndToEnd.Tests;

/// <summary>Waits for a condition of a running system, failing with a message after a generous deadline.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}; last seen: {value}");
            }
            await Task.Delay(50);
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what, int seconds = 30) =>
        WaitAsync(() => Task.FromResult(condition()), ok => ok, what, seconds);
}
