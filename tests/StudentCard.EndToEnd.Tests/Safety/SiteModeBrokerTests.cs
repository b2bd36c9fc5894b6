using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Safety;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;
using StudentCard.EndToEnd.Tests.Resilience;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Safety;

/// <summary>Site modes reach gate readers and no other purpose, on the embedded broker and on Mosquitto with the ACL Central writes.</summary>
[Collection(ResilienceCollection.Name)]
public sealed class SiteModeBrokerTests(ITestOutputHelper output)
{
    private static async Task<(IMqttClient Client, Channel<MqttApplicationMessage> Inbox)> ConnectAsync(ResilienceSystem system, string id, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var inbox = Channel.CreateUnbounded<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", system.MqttPort).WithClientId(id)
            .WithCredentials(id, secret).WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options)).ResultCode);
        return (client, inbox);
    }

    private static async Task<MqttClientSubscribeResultCode> SubscribeAsync(IMqttClient client, string filter) =>
        (await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build())).Items.Single().ResultCode;

    /// <summary>
    /// The bus reader's own ack is the marker: it was caused after the lockdown was published, so a site mode
    /// delivered to the bus reader would have arrived before it.
    /// </summary>
    [Theory]
    [BrokerKinds]
    public async Task A_lockdown_reaches_a_gate_reader_and_no_bus_reader(BrokerKind broker)
    {
        await using var system = await ResilienceSystem.StartAsync(output, broker, students: 5);
        var registry = system.CentralService<ReaderRegistry>();
        var gateSecret = await registry.RegisterAsync("gate-1", ReaderType.Gate);
        var busSecret = await registry.RegisterAsync("bus-1", ReaderType.Bus);
        var (gate, gateInbox) = await ConnectAsync(system, "gate-1", gateSecret);
        var (bus, busInbox) = await ConnectAsync(system, "bus-1", busSecret);
        using var _g = gate;
        using var _b = bus;
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(gate, MqttTopics.AllSiteModes));
        var busAnswer = await SubscribeAsync(bus, MqttTopics.AllSiteModes);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await SubscribeAsync(bus, MqttTopics.Acks(ReaderType.Bus, "bus-1")));

        var lockdown = await system.CentralService<SiteModeService>().LockdownAsync("north", [system.Students[0].StudentNumber], "head-teacher", "intruder");
        await bus.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(MqttTopics.Passages(ReaderType.Bus, "bus-1"))
            .WithPayload(MessageJson.Serialize(new PassageBatch([new PassageMessage(Guid.CreateVersion7(), "bus-1", "bus", new string('c', 32), 1, DateTimeOffset.UtcNow, "allow", "none", "none")])))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var atGate = await gateInbox.Reader.ReadAsync(patience.Token);
        var atBus = new List<string>();
        while (!atBus.Contains(MqttTopics.Acks(ReaderType.Bus, "bus-1")))
        {
            atBus.Add((await busInbox.Reader.ReadAsync(patience.Token)).Topic);
        }

        output.WriteLine($"{broker}: the bus reader's subscription to site modes was answered {busAnswer}; it received {string.Join(", ", atBus)}");
        Assert.Equal(MqttTopics.SiteMode("north"), atGate.Topic);
        var mode = SignedCommands.Open<SiteModeMessage>(system.Local.Central.Services, atGate);
        Assert.Equal(("lockdown", lockdown.Sequence, 1), (mode.Mode, mode.Sequence, mode.Override.Count));
        Assert.Equal([MqttTopics.Acks(ReaderType.Bus, "bus-1")], atBus);
        if (broker == BrokerKind.Embedded)
        {
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, busAnswer);
        }
    }
}
