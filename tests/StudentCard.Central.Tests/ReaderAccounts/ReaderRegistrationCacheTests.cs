using Grpc.Core;
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
        var cache = new ReaderRegistrationCache();
        var stale = new ReaderRegistration { Id = "gate-7", Type = ReaderType.Gate, SecretHash = "hash" };
        var readAt = cache.Generation;

        cache.Forget("gate-7");
        cache.Remember(stale, readAt);

        Assert.Null(cache.Find("gate-7"));
        cache.Remember(stale, cache.Generation);
        Assert.Same(stale, cache.Find("gate-7"));
    }
}
