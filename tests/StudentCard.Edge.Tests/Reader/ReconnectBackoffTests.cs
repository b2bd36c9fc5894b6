using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_double_from_the_minimum_up_to_the_maximum_and_reset()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(0, 7).Select(_ => (int)backoff.Next().TotalMilliseconds).ToList();
        backoff.Reset();

        Assert.Equal([200, 400, 800, 1600, 3200, 5000, 5000], delays);
        Assert.Equal(TimeSpan.FromMilliseconds(200), backoff.Next());
    }
}
