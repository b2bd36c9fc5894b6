using StudentCard.Central.CardEnrollment;

namespace StudentCard.EndToEnd.Tests.OnlineCheck;

/// <summary>
/// Edge:OnlineCheck end to end: an agent asking a real Central over real gRPC about each tap. In each
/// test a card is revoked at Central while the agent's broker link is held down, so the agent's own
/// list still allows it and the online and local answers are known to differ: the decision shows
/// which one was used. Central answering in time decides; Central stopped or too slow leaves the
/// local decision, and the passage is stored once Central is back.
/// </summary>
[Collection(Resilience.ResilienceCollection.Name)]
public sealed class OnlineCheckTests
{
    private const int Revoked = 0;
    private const int Entitled = 1;

    private static async Task RevokeWhileTheAgentsListIsFrozenAsync(OnlineCheckSystem system)
    {
        await system.FreezeAllowListAsync();
        await system.Central<EnrollmentService>().RevokeCardAsync(system.Token(Revoked));
        Assert.Equal("allow", system.LocalDecision(Revoked));
    }

    [Fact]
    public async Task A_card_revoked_at_Central_a_moment_ago_is_denied_by_the_online_answer_before_the_agents_list_has_the_change()
    {
        await using var system = await OnlineCheckSystem.StartAsync();
        await RevokeWhileTheAgentsListIsFrozenAsync(system);

        var revoked = await system.TapAsync(Revoked);
        var entitled = await system.TapAsync(Entitled);

        // Reported lost at Central: the online answer carries the entry as lost, so the reason is the real one.
        Assert.Equal(("deny", "lost_card"), (revoked.Decision, revoked.Reason));
        Assert.Equal("allow", entitled.Decision);
        // The agent's own list had not changed: the deny came from Central.
        Assert.Equal("allow", system.LocalDecision(Revoked));
        system.Proxy.Up();
        Assert.Equal("deny", (await system.StoredAsync(revoked.Id)).Decision);
        Assert.Equal("allow", (await system.StoredAsync(entitled.Id)).Decision);
    }

    [Fact]
    public async Task With_Central_stopped_the_agent_decides_from_its_own_list_and_the_passage_is_stored_when_Central_is_back()
    {
        await using var system = await OnlineCheckSystem.StartAsync();
        await RevokeWhileTheAgentsListIsFrozenAsync(system);
        await system.StopCentralAsync();

        var revoked = await system.TapAsync(Revoked);
        var entitled = await system.TapAsync(Entitled);

        // Unreachable Central: the local (still stale) list decided.
        Assert.Equal(("allow", "none"), (revoked.Decision, revoked.Reason));
        Assert.Equal("allow", entitled.Decision);
        await system.StartCentralAsync();
        system.Proxy.Up();
        Assert.Equal("allow", (await system.StoredAsync(revoked.Id)).Decision);
        Assert.Equal("allow", (await system.StoredAsync(entitled.Id)).Decision);
    }

    [Fact]
    public async Task A_Central_slower_than_the_online_check_timeout_leaves_the_local_decision()
    {
        await using var system = await OnlineCheckSystem.StartAsync();
        await RevokeWhileTheAgentsListIsFrozenAsync(system);
        system.SlowCheckCard.Delay = TimeSpan.FromMilliseconds(OnlineCheckSystem.TimeoutMs * 20);

        var slow = await system.TapAsync(Revoked);

        Assert.Equal(1, system.SlowCheckCard.Held);
        Assert.Equal(("allow", "none"), (slow.Decision, slow.Reason));

        // The same question answered in time gets Central's answer, so the allow above was the timeout's doing.
        system.SlowCheckCard.Delay = TimeSpan.Zero;
        system.Decided.TryRemove(Revoked, out _);
        var prompt = await system.TapAsync(Revoked);
        Assert.Equal("deny", prompt.Decision);

        system.Proxy.Up();
        Assert.Equal("allow", (await system.StoredAsync(slow.Id)).Decision);
        Assert.Equal("deny", (await system.StoredAsync(prompt.Id)).Decision);
    }
}
