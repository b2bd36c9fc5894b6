using System.Net;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Central.Tests.SignInLimits;

public sealed class SignInThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("192.0.2.7");
    private static readonly IPAddress Site = IPAddress.Parse("198.51.100.20");

    [Fact]
    public void Failures_spend_the_address_budget_and_then_every_attempt_from_it_is_refused_with_a_wait()
    {
        using var throttle = new SignInThrottle(failuresPerAddress: 3, failuresPerAccount: 100, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 3; i++)
        {
            Assert.True(throttle.Admits(Attacker, $"gate-{i}", out _));
            throttle.Failed(Attacker, $"gate-{i}");
        }

        Assert.False(throttle.Admits(Attacker, "gate-99", out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
        Assert.True(throttle.Admits(Site, "gate-99", out _));
    }

    [Fact]
    public void Failures_claiming_one_account_spend_its_budget_from_any_address()
    {
        using var throttle = new SignInThrottle(failuresPerAddress: 100, failuresPerAccount: 2, TimeSpan.FromMinutes(1));

        throttle.Failed(IPAddress.Parse("192.0.2.1"), "gate-1");
        throttle.Failed(IPAddress.Parse("192.0.2.2"), "gate-1");

        Assert.False(throttle.Admits(IPAddress.Parse("192.0.2.3"), "gate-1", out _));
        Assert.True(throttle.Admits(IPAddress.Parse("192.0.2.3"), "gate-2", out _));
    }

    [Fact]
    public void Looking_and_succeeding_spend_nothing()
    {
        using var throttle = new SignInThrottle(failuresPerAddress: 1, failuresPerAccount: 1, TimeSpan.FromMinutes(1));

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(throttle.Admits(Site, "gate-1", out _));
        }
        throttle.Failed(Site, "gate-1");

        Assert.False(throttle.Admits(Site, "gate-1", out _));
    }

    [Fact]
    public void Names_that_could_not_be_an_account_share_one_budget()
    {
        using var throttle = new SignInThrottle(failuresPerAddress: null, failuresPerAccount: 2, TimeSpan.FromMinutes(1));

        throttle.Failed(null, new string('a', 65));
        throttle.Failed(null, new string('b', 1000));

        Assert.False(throttle.Admits(null, new string('c', 70), out _));
        Assert.True(throttle.Admits(null, "gate-1", out _));
    }

    [Fact]
    public void An_IPv4_client_seen_over_IPv6_is_the_same_address()
    {
        using var throttle = new SignInThrottle(failuresPerAddress: 1, failuresPerAccount: 100, TimeSpan.FromMinutes(1));

        throttle.Failed(Attacker.MapToIPv6(), "gate-1");

        Assert.False(throttle.Admits(Attacker, "gate-2", out _));
    }
}
