using MQTTnet;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Messaging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Messaging;

public sealed class BrokerAclTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_reader_publishing_on_another_readers_topic_is_refused_and_nothing_is_stored()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);
        await _central.RegisterAsync("gate-2", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id));
        var forged = new PassageBatch([new PassageMessage(Guid.NewGuid(), "gate-2", "gate", new string('a', 32), 1, DateTimeOffset.UtcNow, "Allow", "None", "In")]);
        var own = new PassageBatch([new PassageMessage(Guid.NewGuid(), id, "gate", new string('b', 32), 1, DateTimeOffset.UtcNow, "Allow", "None", "In")]);

        var refused = await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, "gate-2"), MessageJson.Serialize(forged));
        var otherPurpose = await reader.PublishAsync(MqttTopics.Passages(ReaderType.Bus, id), MessageJson.Serialize(forged));
        await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(own));
        await reader.NextAsync(MqttTopics.Acks(ReaderType.Gate, id));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, otherPurpose.ReasonCode);
        await using var db = _central.CentralDb();
        Assert.Equal([own.Passages[0].Id], db.Passages.Select(p => p.Id).ToList());
    }

    [Fact]
    public async Task A_reader_may_subscribe_to_its_own_topics_only()
    {
        var (id, secret) = await _central.RegisterAsync("bus-1", ReaderType.Bus);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.AllowList(ReaderType.Bus)));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.Commands(ReaderType.Bus)));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Bus, id)));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await reader.SubscribeAsync(MqttTopics.AllowList(ReaderType.Gate)));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Bus, "bus-2")));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await reader.SubscribeAsync(MqttTopics.AllPassages));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await reader.SubscribeAsync("#"));
    }

    [Fact]
    public async Task Logins_with_a_wrong_secret_a_foreign_client_id_or_a_revoked_reader_are_refused()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);
        var (revoked, revokedSecret) = await _central.RegisterAsync("gate-9", ReaderType.Gate);
        await _central.Readers.RevokeAsync(revoked);

        var (c1, wrongSecret) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, id, id, "wrong");
        var (c2, foreignClientId) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, "gate-2", id, secret);
        var (c3, centralClientId) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, MqttClientIds.Central, id, secret);
        var (c4, revokedLogin) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, revoked, revoked, revokedSecret);
        var (c5, serviceName) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, MqttClientIds.Central, ServiceCredential.EmbeddedUsername, "guess");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrongSecret.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, foreignClientId.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, centralClientId.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, revokedLogin.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, serviceName.ResultCode);
        foreach (var client in new[] { c1, c2, c3, c4, c5 })
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>
    /// The moment between this Central knowing a reader revoked and the broker closing its session (or a session that a close
    /// missed): the session stays open here because the revocation is made known without going through the store, and every
    /// subscription and publish it tries is refused, while the reader beside it is served.
    /// </summary>
    [Fact]
    public async Task A_session_of_a_reader_known_revoked_may_neither_subscribe_nor_publish()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate, "north/main");
        var (kept, keptSecret) = await _central.RegisterAsync("gate-2", ReaderType.Gate, "north/main");
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, id, secret);
        await using var other = await ReaderMqtt.ConnectAsync(_central.Endpoints, kept, keptSecret);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id)));

        _central.Services.GetRequiredService<RevokedReaders>().Add([id]);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await reader.SubscribeAsync(MqttTopics.ZonePassages("north", "main")));
        var batch = new PassageBatch([new PassageMessage(Guid.NewGuid(), id, "gate", new string('c', 32), 1, DateTimeOffset.UtcNow, "Allow", "None", "In")]);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, (await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(batch))).ReasonCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await other.SubscribeAsync(MqttTopics.ZonePassages("north", "main")));
        await using var db = _central.CentralDb();
        Assert.Empty(db.Passages);
    }

    [Fact]
    public async Task A_reader_may_use_reader_dash_its_id_as_client_id()
    {
        var (id, secret) = await _central.RegisterAsync("gate-1", ReaderType.Gate);

        var (client, result) = await ReaderMqtt.TryConnectAsync(_central.Endpoints, "reader-gate-1", id, secret);
        await client.DisposeAsync();

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
    }

    [Theory]
    [InlineData("studentcard/v1/gate/readers/gate-1/passages", true)]
    [InlineData("studentcard/v1/gate/readers/gate-1/status", true)]
    [InlineData("studentcard/v1/gate/readers/gate-1/acks", false)]
    [InlineData("studentcard/v1/gate/readers/gate-2/passages", false)]
    [InlineData("studentcard/v1/bus/readers/gate-1/passages", false)]
    [InlineData("studentcard/v1/gate/allowlist", false)]
    [InlineData("studentcard/v1/gate/commands", false)]
    public void What_a_gate_reader_may_publish(string topic, bool allowed) =>
        Assert.Equal(allowed, BrokerAccessControl.MayPublish(new RegisteredReader("gate-1", ReaderType.Gate), topic));

    [Theory]
    [InlineData("studentcard/v1/gate/readers/gate-1/acks", true)]
    [InlineData("studentcard/v1/gate/allowlist", true)]
    [InlineData("studentcard/v1/gate/commands", true)]
    [InlineData("studentcard/v1/gate/readers/gate-2/acks", false)]
    [InlineData("studentcard/v1/gate/readers/+/acks", false)]
    [InlineData("studentcard/v1/bus/allowlist", false)]
    [InlineData("studentcard/v1/+/allowlist", false)]
    [InlineData("studentcard/v1/#", false)]
    public void What_a_gate_reader_may_subscribe_to(string filter, bool allowed) =>
        Assert.Equal(allowed, BrokerAccessControl.MaySubscribe(new RegisteredReader("gate-1", ReaderType.Gate), filter));
}
