using Grpc.Core;
using StudentCard.Central.AllowList;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.ReaderApi;

public sealed class ReaderLinkTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Hello_returns_the_callers_registration_version_and_topic_root()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);
        var students = SyntheticRoster.Generate(2);
        await _central.Services.EnrollAsync(students, Roster.Valid(CoreType.Gate));

        var reply = await _central.Client(id, secret).HelloAsync(new HelloRequest { AgentVersion = "test" });

        Assert.Equal("gate-1", reply.ReaderId);
        Assert.Equal(ReaderType.Gate, reply.ReaderType);
        Assert.Equal(1, reply.AllowListVersion);
        Assert.Equal(MqttTopics.Root, reply.MqttTopicRoot);
    }

    [Fact]
    public async Task GetAllowList_streams_one_version_in_pages_of_the_callers_purpose_only()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);
        await using (var db = _central.CentralDb())
        {
            db.Entitlements.AddRange(Enumerable.Range(0, 12_345).Select(i => NewEntitlement(CoreType.Gate, i)));
            db.Entitlements.AddRange(Enumerable.Range(0, 100).Select(i => NewEntitlement(CoreType.Bus, i)));
            db.AllowListVersions.Add(new AllowListVersion { Purpose = CoreType.Gate, Version = 7 });
            db.AllowListVersions.Add(new AllowListVersion { Purpose = CoreType.Bus, Version = 3 });
            await db.SaveChangesAsync();
        }

        using var call = _central.Client(id, secret).GetAllowList(new AllowListRequest { PageSize = 5000 });
        var pages = new List<AllowListPage>();
        await foreach (var page in call.ResponseStream.ReadAllAsync())
        {
            pages.Add(page);
        }

        Assert.Equal([0, 1, 2], pages.Select(p => p.PageIndex));
        Assert.All(pages, p => Assert.Equal(3, p.PageCount));
        Assert.All(pages, p => Assert.Equal(7, p.Version));
        Assert.All(pages, p => Assert.Equal(12_345, p.TotalEntries));
        Assert.Equal([5000, 5000, 2345], pages.Select(p => p.Entries.Count));
        var pseudonyms = pages.SelectMany(p => p.Entries).Select(e => e.Pseudonym).ToList();
        Assert.Equal(12_345, pseudonyms.Distinct().Count());
        Assert.All(pseudonyms, p => Assert.StartsWith("a", p));
    }

    [Fact]
    public async Task GetAllowList_of_an_empty_purpose_is_one_empty_page_with_the_version()
    {
        var (id, secret) = await _central.RegisterAsync("library-1", CoreType.Library);

        using var call = _central.Client(id, secret).GetAllowList(new AllowListRequest());
        var pages = new List<AllowListPage>();
        await foreach (var page in call.ResponseStream.ReadAllAsync())
        {
            pages.Add(page);
        }

        var only = Assert.Single(pages);
        Assert.Equal(1, only.PageCount);
        Assert.Empty(only.Entries);
        Assert.Equal(0, only.Version);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(50_001)]
    public async Task GetAllowList_refuses_a_page_size_out_of_range(int pageSize)
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);

        using var call = _central.Client(id, secret).GetAllowList(new AllowListRequest { PageSize = pageSize });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_bus_reader_never_receives_gate_pseudonyms()
    {
        var (id, secret) = await _central.RegisterAsync("bus-7", CoreType.Bus);
        var students = SyntheticRoster.Generate(3);
        await _central.Services.EnrollAsync(students);
        await _central.Services.GiveAsync([(students[0], Roster.Valid(CoreType.Gate)), (students[0], Roster.Valid(CoreType.Bus)), (students[1], Roster.Valid(CoreType.Gate)), (students[2], Roster.Valid(CoreType.Bus))]);
        var gatePseudonyms = students.Select(s => Roster.Pseudonym(Roster.Token(s, _central.Keys), CoreType.Gate, _central.Keys)).ToHashSet();
        var busPseudonyms = new[] { students[0], students[2] }.Select(s => Roster.Pseudonym(Roster.Token(s, _central.Keys), CoreType.Bus, _central.Keys)).ToHashSet();
        var client = _central.Client(id, secret);

        using var call = client.GetAllowList(new AllowListRequest());
        var received = new List<string>();
        await foreach (var page in call.ResponseStream.ReadAllAsync())
        {
            received.AddRange(page.Entries.Select(e => e.Pseudonym));
        }
        var gateCheck = await client.CheckCardAsync(new CheckCardRequest { Pseudonym = gatePseudonyms.First() });

        Assert.Equal(busPseudonyms.Order(), received.Order());
        Assert.Empty(received.Intersect(gatePseudonyms));
        Assert.Equal(Decision.Deny, gateCheck.Decision);
        Assert.Equal(ReasonCode.UnknownCard, gateCheck.Reason);
    }

    [Fact]
    public async Task CheckCard_allows_a_valid_card_and_denies_expired_not_yet_valid_and_unknown_ones()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);
        var students = SyntheticRoster.Generate(3);
        await _central.Services.EnrollAsync(students);
        await _central.Services.GiveAsync([(students[0], Roster.Valid(CoreType.Gate)), (students[1], Roster.Expired(CoreType.Gate)), (students[2], Roster.NotYetValid(CoreType.Gate))]);
        var client = _central.Client(id, secret);

        async Task<CheckCardReply> Check(string pseudonym) => await client.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonym });
        var valid = await Check(Roster.Pseudonym(Roster.Token(students[0], _central.Keys), CoreType.Gate, _central.Keys));
        var expired = await Check(Roster.Pseudonym(Roster.Token(students[1], _central.Keys), CoreType.Gate, _central.Keys));
        var early = await Check(Roster.Pseudonym(Roster.Token(students[2], _central.Keys), CoreType.Gate, _central.Keys));
        var unknown = await Check(new string('0', 32));

        Assert.Equal((Decision.Allow, ReasonCode.Unspecified), (valid.Decision, valid.Reason));
        Assert.Equal((Decision.Deny, ReasonCode.Expired), (expired.Decision, expired.Reason));
        Assert.Equal((Decision.Deny, ReasonCode.NotYetValid), (early.Decision, early.Reason));
        Assert.Equal((Decision.Deny, ReasonCode.UnknownCard), (unknown.Decision, unknown.Reason));
        Assert.Equal(1, valid.AllowListVersion);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef")]
    [InlineData("04a1b2c3d4e5f6")]
    public async Task CheckCard_refuses_anything_but_a_32_lowercase_hex_pseudonym(string pseudonym)
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _central.Client(id, secret).CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonym }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task A_call_without_credentials_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _central.Client(null, null).HelloAsync(new HelloRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("x-reader-id", error.Status.Detail);
    }

    [Fact]
    public async Task An_unknown_reader_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _central.Client("gate-404", "whatever").HelloAsync(new HelloRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_unauthenticated_and_the_secret_is_not_echoed()
    {
        var (id, _) = await _central.RegisterAsync("gate-1", CoreType.Gate);

        var error = await Assert.ThrowsAsync<RpcException>(() => _central.Client(id, "not-the-secret").HelloAsync(new HelloRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.DoesNotContain("not-the-secret", error.Status.Detail);
    }

    [Fact]
    public async Task A_revoked_reader_is_denied_even_with_its_secret()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", CoreType.Gate);
        await _central.Readers.RevokeAsync(id);

        using var call = _central.Client(id, secret).GetAllowList(new AllowListRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("revoked", error.Status.Detail);
    }

    private static Entitlement NewEntitlement(CoreType purpose, int i) => new()
    {
        Purpose = purpose,
        // Gate pseudonyms start with 'a', bus ones with 'b', so a leak is visible.
        Pseudonym = (purpose == CoreType.Gate ? "a" : "b") + i.ToString("x31"),
        KeyVersion = 1,
        ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
        ValidUntil = DateTimeOffset.UtcNow.AddDays(1),
    };
}
