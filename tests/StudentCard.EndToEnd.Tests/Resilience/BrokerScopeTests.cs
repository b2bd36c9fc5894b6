using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Central.Messaging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// The per-reader topic rules, written once and run against both brokers: the embedded one
/// (BrokerAccessControl) and Mosquitto with the password and ACL files Central writes.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class BrokerScopeTests(ITestOutputHelper output)
{
    private ResilienceSystem _system = null!;

    private async Task<ResilienceSystem> StartAsync(BrokerKind broker) => _system = await ResilienceSystem.StartAsync(output, broker, students: 5);

    [MosquittoFact]
    public void Mosquitto_is_installed_so_the_scope_tests_also_run_on_it() => Assert.NotNull(MosquittoBroker.Executable);

    private async Task<(string Id, string Secret)> RegisterAsync(string id, ReaderType type, string? place = null) =>
        (id, await _system.CentralService<ReaderRegistry>().RegisterAsync(id, type, place));

    private async Task<(IMqttClient Client, MqttClientConnectResultCode Result, Channel<MqttApplicationMessage> Inbox)> ConnectAsync(string clientId, string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var inbox = Channel.CreateUnbounded<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var refusal = MqttClientConnectResultCode.UnspecifiedError;
        client.DisconnectedAsync += e =>
        {
            refusal = e.ConnectResult?.ResultCode ?? refusal;
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _system.MqttPort).WithClientId(clientId)
            .WithCredentials(user, password).WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build();
        try
        {
            return (client, (await client.ConnectAsync(options)).ResultCode, inbox);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return (client, refusal, inbox);
        }
    }

    private static async Task<MqttClientSubscribeResultCode> SubscribeAsync(IMqttClient client, string filter) =>
        (await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build())).Items.Single().ResultCode;

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, PassageBatch batch) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(MessageJson.Serialize(batch))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private static PassageBatch Batch(string readerId, string purpose) =>
        new([new PassageMessage(Guid.CreateVersion7(), readerId, purpose, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1, DateTimeOffset.UtcNow, "allow", "none", "in")]);

    [Theory]
    [BrokerKinds]
    public async Task A_reader_publishes_only_its_own_passages_and_only_its_own_are_stored_and_acknowledged(BrokerKind broker)
    {
        await using var system = await StartAsync(broker);
        var (id, secret) = await RegisterAsync("gate-1", ReaderType.Gate);
        await RegisterAsync("gate-2", ReaderType.Gate);
        var (client, result, inbox) = await ConnectAsync(id, id, secret);
        using var _ = client;
        Assert.Equal(MqttClientConnectResultCode.Success, result);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(client, MqttTopics.Acks(ReaderType.Gate, id)));
        var forged = Batch("gate-2", "gate");
        var own = Batch(id, "gate");

        var refused = await PublishAsync(client, MqttTopics.Passages(ReaderType.Gate, "gate-2"), forged);
        var otherPurpose = await PublishAsync(client, MqttTopics.Passages(ReaderType.Bus, id), forged);
        await PublishAsync(client, MqttTopics.Passages(ReaderType.Gate, id), own);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ack = MessageJson.Deserialize<PassageAck>((await inbox.Reader.ReadAsync(patience.Token)).Payload.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, otherPurpose.ReasonCode);
        Assert.Equal([own.Passages[0].Id], ack.Ids);
        var tally = await StoredIdsAsync();
        Assert.Equal([own.Passages[0].Id], tally);
    }

    [Theory]
    [BrokerKinds]
    public async Task A_publish_over_the_packet_limit_ends_the_connection_and_nothing_of_it_is_stored(BrokerKind broker)
    {
        await using var system = await StartAsync(broker);
        var (id, secret) = await RegisterAsync("gate-1", ReaderType.Gate);
        var topic = MqttTopics.Passages(ReaderType.Gate, id);
        var (client, result, _) = await ConnectAsync(id, id, secret);
        using var _c = client;
        Assert.Equal(MqttClientConnectResultCode.Success, result);
        // A well-formed batch Central would store, padded with JSON whitespace past the limit.
        var oversized = Batch(id, "gate");
        var json = MessageJson.Serialize(oversized);
        var padded = new byte[MqttLimits.MaxPacketBytes + 1024];
        Array.Fill(padded, (byte)' ');
        json.CopyTo(padded, 0);
        padded[json.Length - 1] = (byte)' ';
        padded[^1] = (byte)'}';

        var accepted = false;
        try
        {
            accepted = (await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(padded)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())).IsSuccess;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The broker closed the connection while the packet was on its way.
        }

        Assert.False(accepted);
        await Eventually.WaitAsync(() => !client.IsConnected, "the broker to end the connection");
        // The reader comes back and publishes within the limit: only that batch is stored.
        var (again, againResult, inbox) = await ConnectAsync(id, id, secret);
        using var _a = again;
        Assert.Equal(MqttClientConnectResultCode.Success, againResult);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(again, MqttTopics.Acks(ReaderType.Gate, id)));
        var within = Batch(id, "gate");
        await PublishAsync(again, topic, within);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ack = MessageJson.Deserialize<PassageAck>((await inbox.Reader.ReadAsync(patience.Token)).Payload.ToArray());
        Assert.Equal([within.Passages[0].Id], ack.Ids);
        Assert.Equal([within.Passages[0].Id], await StoredIdsAsync());
    }

    [Fact]
    public void Mosquittos_deployed_packet_limit_is_the_one_Central_and_the_agents_use()
    {
        var directory = Directory.CreateTempSubdirectory("mosquitto-config-");
        try
        {
            var config = File.ReadAllLines(new MosquittoBroker(directory.FullName, Path.Combine(directory.FullName, "auth")).WriteConfig());

            Assert.Contains($"max_packet_size {MqttLimits.MaxPacketBytes}", config);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The embedded broker refuses a foreign filter outright; Mosquitto 2.0 grants any filter and
    /// then delivers nothing its ACL does not allow (it checks reads per message). Either way nothing foreign arrives,
    /// which is what is checked: after another reader's ack and this reader's own ack went through.
    /// </summary>
    [Theory]
    [BrokerKinds]
    public async Task A_reader_receives_only_its_own_acks_and_its_purposes_allow_list_and_commands(BrokerKind broker)
    {
        await using var system = await StartAsync(broker);
        var (id, secret) = await RegisterAsync("bus-1", ReaderType.Bus);
        var (other, otherSecret) = await RegisterAsync("bus-2", ReaderType.Bus);
        var (client, result, inbox) = await ConnectAsync(id, id, secret);
        var (otherClient, _, otherInbox) = await ConnectAsync(other, other, otherSecret);
        using var _c = client;
        using var _o = otherClient;
        Assert.Equal(MqttClientConnectResultCode.Success, result);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(client, MqttTopics.AllowList(ReaderType.Bus)));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(client, MqttTopics.Commands(ReaderType.Bus)));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(client, MqttTopics.Acks(ReaderType.Bus, id)));
        var foreign = new[]
        {
            await SubscribeAsync(client, MqttTopics.AllowList(ReaderType.Gate)),
            await SubscribeAsync(client, MqttTopics.Acks(ReaderType.Bus, other)),
            await SubscribeAsync(client, MqttTopics.AllPassages),
            await SubscribeAsync(client, "#"),
        };
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(otherClient, MqttTopics.Acks(ReaderType.Bus, other)));

        await PublishAsync(otherClient, MqttTopics.Passages(ReaderType.Bus, other), Batch(other, "bus"));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(MqttTopics.Acks(ReaderType.Bus, other), (await otherInbox.Reader.ReadAsync(patience.Token)).Topic);
        await PublishAsync(client, MqttTopics.Passages(ReaderType.Bus, id), Batch(id, "bus"));
        var received = new List<string>();
        while (!received.Contains(MqttTopics.Acks(ReaderType.Bus, id)))
        {
            received.Add((await inbox.Reader.ReadAsync(patience.Token)).Topic);
        }

        output.WriteLine($"{broker}: foreign subscriptions answered {string.Join(", ", foreign)}; received {string.Join(", ", received)}");
        Assert.All(received, topic => Assert.Contains(topic, new[] { MqttTopics.Acks(ReaderType.Bus, id), MqttTopics.AllowList(ReaderType.Bus), MqttTopics.Commands(ReaderType.Bus) }));
        if (broker == BrokerKind.Embedded)
        {
            Assert.All(foreign, code => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code));
        }
    }

    /// <summary>
    /// A gate reader registered at north/main asks for west/annex's relay and for every zone's; one registered without a zone
    /// asks for north/main's. Central relays to west/annex and then to north/main: only the north/main reader gets only
    /// north/main's relay. The zoneless reader's own ack, sent after both relays, shows nothing reached it before.
    /// </summary>
    [Theory]
    [BrokerKinds]
    public async Task A_gate_reader_receives_the_relay_of_the_zone_it_is_registered_at_and_of_no_other_zone(BrokerKind broker)
    {
        await using var system = await StartAsync(broker);
        var (id, secret) = await RegisterAsync("gate-n1", ReaderType.Gate, "north/main");
        var (zoneless, zonelessSecret) = await RegisterAsync("gate-x1", ReaderType.Gate);
        var (client, result, inbox) = await ConnectAsync(id, id, secret);
        var (zonelessClient, _, zonelessInbox) = await ConnectAsync(zoneless, zoneless, zonelessSecret);
        using var _c = client;
        using var _z = zonelessClient;
        Assert.Equal(MqttClientConnectResultCode.Success, result);
        var own = MqttTopics.ZonePassages("north", "main");
        var foreignZone = MqttTopics.ZonePassages("west", "annex");

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(client, own));
        var foreign = new[]
        {
            await SubscribeAsync(client, foreignZone),
            await SubscribeAsync(client, MqttTopics.AllZonePassages),
            await SubscribeAsync(zonelessClient, own),
            await SubscribeAsync(zonelessClient, MqttTopics.AllZonePassages),
        };
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(zonelessClient, MqttTopics.Acks(ReaderType.Gate, zoneless)));
        var central = _system.CentralService<IMqttPublisher>();
        var relay = MessageJson.Serialize(new ZonePassages([new ZonePassage(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), "in", DateTimeOffset.UtcNow)]));
        Assert.True(await central.PublishAsync(new OutboundMessage(foreignZone, relay), CancellationToken.None));
        Assert.True(await central.PublishAsync(new OutboundMessage(own, relay), CancellationToken.None));
        await PublishAsync(zonelessClient, MqttTopics.Passages(ReaderType.Gate, zoneless), Batch(zoneless, "gate"));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(own, (await inbox.Reader.ReadAsync(patience.Token)).Topic);
        Assert.Equal(MqttTopics.Acks(ReaderType.Gate, zoneless), (await zonelessInbox.Reader.ReadAsync(patience.Token)).Topic);
        // Mosquitto delivers the own zone's relay once more through the granted wildcard (its ACL filters each message, not the filter).
        while (inbox.Reader.TryRead(out var more))
        {
            Assert.Equal(own, more.Topic);
        }
        Assert.False(zonelessInbox.Reader.TryRead(out var moreZoneless), $"{zoneless} received {moreZoneless?.Topic}");
        output.WriteLine($"{broker}: foreign relay subscriptions answered {string.Join(", ", foreign)}");
        if (broker == BrokerKind.Embedded)
        {
            Assert.All(foreign, code => Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, code));
        }
    }

    [Theory]
    [BrokerKinds]
    public async Task A_wrong_secret_an_unknown_user_and_a_revoked_reader_are_refused(BrokerKind broker)
    {
        await using var system = await StartAsync(broker);
        var (id, secret) = await RegisterAsync("gate-1", ReaderType.Gate);
        var (revoked, revokedSecret) = await RegisterAsync("gate-9", ReaderType.Gate);
        var (before, beforeResult, _) = await ConnectAsync(revoked, revoked, revokedSecret);
        before.Dispose();
        Assert.Equal(MqttClientConnectResultCode.Success, beforeResult);
        await _system.CentralService<ReaderRegistry>().RevokeAsync(revoked);

        var (c1, wrongSecret, _) = await ConnectAsync(id, id, "wrong");
        var (c2, unknown, _) = await ConnectAsync("gate-5", "gate-5", secret);
        var (c3, revokedLogin, _) = await ConnectAsync(revoked, revoked, revokedSecret);
        foreach (var client in new[] { c1, c2, c3 })
        {
            client.Dispose();
        }

        // MQTT 5 allows either code for a failed login; the embedded broker says "bad user name or password", Mosquitto 2.0 "not authorized".
        MqttClientConnectResultCode[] refused = [MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized];
        Assert.Contains(wrongSecret, refused);
        Assert.Contains(unknown, refused);
        Assert.Contains(revokedLogin, refused);
    }

    private async Task<List<Guid>> StoredIdsAsync()
    {
        await using var db = await _system.CentralService<Microsoft.EntityFrameworkCore.IDbContextFactory<Central.Stores.CentralDbContext>>().CreateDbContextAsync();
        return [.. db.Passages.Select(p => p.Id)];
    }
}

/// <summary>
/// The brokers the scope tests run on: the embedded one always, Mosquitto when installed or when
/// CI=true (then a missing Mosquitto fails the run). Mosquitto_is_installed shows the skip reason.
/// </summary>
public sealed class BrokerKindsAttribute : Xunit.Sdk.DataAttribute
{
    public static bool MosquittoRequiredOrPresent =>
        MosquittoBroker.Executable is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod)
    {
        yield return [BrokerKind.Embedded];
        if (MosquittoRequiredOrPresent)
        {
            yield return [BrokerKind.Mosquitto];
        }
    }
}
