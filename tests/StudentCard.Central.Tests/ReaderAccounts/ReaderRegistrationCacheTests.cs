using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Cli;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.Support;
using StudentCard.Protos.V1;
using ReaderType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.ReaderAccounts;

/// <summary>Registrations are remembered between calls, yet a revocation is in force from the moment it is committed.</summary>
public sealed class ReaderRegistrationCacheTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_reader_whose_calls_succeeded_is_refused_at_its_first_call_after_revocation()
    {
        var (id, secret) = await _central.RegisterAsync("gate-5", ReaderType.Gate);
        var client = _central.Client(id, secret);
        await client.HelloAsync(new HelloRequest());
        await client.CheckCardAsync(new CheckCardRequest { Pseudonym = new string('0', 32) });

        await _central.Readers.RevokeAsync(id);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.CheckCardAsync(new CheckCardRequest { Pseudonym = new string('0', 32) }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(ReaderCheckOutcome.Revoked, (await _central.Readers.CheckAsync(id, secret)).Outcome);
    }

    [Fact]
    public async Task Revoking_one_reader_leaves_the_others_authenticated()
    {
        var (kept, keptSecret) = await _central.RegisterAsync("bus-5", ReaderType.Bus);
        var (revoked, revokedSecret) = await _central.RegisterAsync("bus-6", ReaderType.Bus);
        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _central.Readers.CheckAsync(kept, keptSecret)).Outcome);
        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _central.Readers.CheckAsync(revoked, revokedSecret)).Outcome);

        await _central.Readers.RevokeAsync(revoked);

        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _central.Readers.CheckAsync(kept, keptSecret)).Outcome);
        Assert.Equal(ReaderCheckOutcome.Revoked, (await _central.Readers.CheckAsync(revoked, revokedSecret)).Outcome);
    }

    [Fact]
    public void A_registration_read_before_a_revocation_is_not_remembered_after_it()
    {
        var time = new FakeTimeProvider();
        var cache = new ReaderRegistrationCache(time);
        var stale = new ReaderRegistration { Id = "gate-7", Type = ReaderType.Gate, SecretHash = "hash" };
        var readAt = cache.Generation;

        cache.Forget("gate-7");
        cache.Remember(stale, readAt, time.GetTimestamp());

        Assert.Null(cache.Find("gate-7"));
        cache.Remember(stale, cache.Generation, time.GetTimestamp());
        Assert.Same(stale, cache.Find("gate-7"));
    }

    /// <summary>A revocation made by another process is not seen by this one's cache; the entry's short life bounds that.</summary>
    [Fact]
    public void A_registration_is_trusted_for_one_poll_period_after_it_was_read_and_then_read_again()
    {
        var time = new FakeTimeProvider();
        var cache = new ReaderRegistrationCache(time);
        var reader = new ReaderRegistration { Id = "gate-8", Type = ReaderType.Gate, SecretHash = "hash" };
        cache.Remember(reader, cache.Generation, time.GetTimestamp());

        time.Advance(RevokedReaders.PollPeriod);
        Assert.Same(reader, cache.Find("gate-8"));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(cache.Find("gate-8"));
    }

    /// <summary>
    /// Another Central over the same store revokes through its own registry: nothing tells this Central's cache, which
    /// answered for the reader a moment before. Its revocation watcher or the cache's short trust must refuse the next call.
    /// </summary>
    [Fact]
    public async Task A_reader_revoked_by_another_Central_over_the_same_store_is_refused_at_its_next_call_once_the_store_says_so()
    {
        var (id, secret) = await _central.RegisterAsync("gate-6", ReaderType.Gate);
        var client = _central.Client(id, secret);
        await client.HelloAsync(new HelloRequest());

        await using (var other = await CliServices.OpenAsync(_central.DataDirectory, _central.Local.KeyFilePath, [], CancellationToken.None))
        {
            await other.Get<ReaderRegistry>().RevokeAsync(id);
        }
        var revokedAt = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            // The watcher's period bounds how long the running Central may take to learn it; a call that still passes is retried.
            while (DateTimeOffset.UtcNow - revokedAt < TimeSpan.FromSeconds(5))
            {
                await client.HelloAsync(new HelloRequest());
                await Task.Delay(20);
            }
        });
        var refusedAfter = DateTimeOffset.UtcNow - revokedAt;
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.True(refusedAfter <= TimeSpan.FromSeconds(1), $"Refused only {refusedAfter.TotalMilliseconds:F0} ms after the command line committed the revocation.");
        // And the watcher has found it in the store, which is what closes its MQTT sessions.
        var revoked = _central.Services.GetRequiredService<RevokedReaders>();
        while (!revoked.Contains(id) && DateTimeOffset.UtcNow - revokedAt < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }
        var foundAfter = DateTimeOffset.UtcNow - revokedAt;
        Assert.True(foundAfter <= TimeSpan.FromSeconds(1), $"The watcher found the revocation only {foundAfter.TotalMilliseconds:F0} ms after it was committed.");
    }
}
