using MQTTnet;
using StudentCard.Central.Messaging;
using StudentCard.Central.Messaging.Mosquitto;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Safety;

public sealed class SiteModeAclTests
{
    [Fact]
    public async Task On_the_embedded_broker_gate_readers_may_subscribe_to_every_sites_mode_and_other_purposes_may_not()
    {
        await using var central = await TestCentral.StartAsync();
        var (gate, gateSecret) = await central.RegisterAsync("gate-1", ReaderType.Gate);
        var (bus, busSecret) = await central.RegisterAsync("bus-1", ReaderType.Bus);
        var (library, librarySecret) = await central.RegisterAsync("library-1", ReaderType.Library);
        await using var gateReader = await ReaderMqtt.ConnectAsync(central.Endpoints, gate, gateSecret);
        await using var busReader = await ReaderMqtt.ConnectAsync(central.Endpoints, bus, busSecret);
        await using var libraryReader = await ReaderMqtt.ConnectAsync(central.Endpoints, library, librarySecret);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await gateReader.SubscribeAsync(MqttTopics.AllSiteModes));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateReader.SubscribeAsync(MqttTopics.Root + "/gate/sitemodes/#"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await busReader.SubscribeAsync(MqttTopics.AllSiteModes));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await libraryReader.SubscribeAsync(MqttTopics.AllSiteModes));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await busReader.SubscribeAsync(MqttTopics.SiteMode("north")));
    }

    [Fact]
    public async Task Gate_readers_may_subscribe_to_their_own_zones_relay_only_never_to_another_or_all_zones_and_others_not_at_all()
    {
        await using var central = await TestCentral.StartAsync();
        var (gate, gateSecret) = await central.RegisterAsync("gate-1", ReaderType.Gate, "north/main");
        var (zoneless, zonelessSecret) = await central.RegisterAsync("gate-2", ReaderType.Gate);
        var (bus, busSecret) = await central.RegisterAsync("bus-1", ReaderType.Bus, "r1");
        await using var gateReader = await ReaderMqtt.ConnectAsync(central.Endpoints, gate, gateSecret);
        await using var zonelessReader = await ReaderMqtt.ConnectAsync(central.Endpoints, zoneless, zonelessSecret);
        await using var busReader = await ReaderMqtt.ConnectAsync(central.Endpoints, bus, busSecret);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await gateReader.SubscribeAsync(MqttTopics.ZonePassages("north", "main")));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateReader.SubscribeAsync(MqttTopics.ZonePassages("west", "annex")));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateReader.SubscribeAsync(MqttTopics.ZonePassages("north", "annex")));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateReader.SubscribeAsync(MqttTopics.AllZonePassages));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await gateReader.SubscribeAsync(MqttTopics.Root + "/gate/zones/#"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await zonelessReader.SubscribeAsync(MqttTopics.ZonePassages("north", "main")));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await zonelessReader.SubscribeAsync(MqttTopics.AllZonePassages));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await busReader.SubscribeAsync(MqttTopics.ZonePassages("north", "main")));
        var forged = await gateReader.PublishAsync(MqttTopics.ZonePassages("north", "main"),
            MessageJson.Serialize(new ZonePassages([new ZonePassage(new string('a', 32), "out", DateTimeOffset.UtcNow)])));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
    }

    [Fact]
    public async Task A_gate_reader_may_not_publish_a_site_mode()
    {
        await using var central = await TestCentral.StartAsync();
        var (gate, secret) = await central.RegisterAsync("gate-1", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(central.Endpoints, gate, secret);

        var forged = await reader.PublishAsync(MqttTopics.SiteMode("north"), MessageJson.Serialize(new SiteModeMessage("north", "evacuation", [], long.MaxValue, DateTimeOffset.UtcNow)));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
    }

    [Fact]
    public void The_mosquitto_acl_lets_a_gate_reader_read_the_relay_of_the_zone_it_is_registered_at_and_no_other()
    {
        RegisteredReader[] readers = [new("gate-1", ReaderType.Gate, "north/main"), new("gate-2", ReaderType.Gate), new("bus-1", ReaderType.Bus, "r1")];

        var blocks = MosquittoAcl.Render(ServiceCredential.EmbeddedUsername, readers).Split("\n\n");

        string[] RelaysOf(string user) =>
            [.. blocks.Single(b => b.StartsWith($"user {user}\n", StringComparison.Ordinal)).Split('\n').Where(l => l.Contains("/zones/", StringComparison.Ordinal))];
        Assert.Equal(["topic read studentcard/v1/gate/zones/north/main/passages"], RelaysOf("gate-1"));
        Assert.Empty(RelaysOf("gate-2"));
        Assert.Empty(RelaysOf("bus-1"));
    }

    [Fact]
    public void The_mosquitto_acl_lets_gate_readers_read_every_sites_mode_and_no_other_purpose()
    {
        RegisteredReader[] readers = [new("gate-1", ReaderType.Gate), new("bus-1", ReaderType.Bus), new("library-1", ReaderType.Library)];

        var blocks = MosquittoAcl.Render(ServiceCredential.EmbeddedUsername, readers).Split("\n\n");

        var gate = blocks.Single(b => b.StartsWith("user gate-1\n", StringComparison.Ordinal));
        Assert.Contains("topic read studentcard/v1/gate/sitemodes/+", gate.Split('\n'));
        Assert.All(blocks.Where(b => b.StartsWith("user bus-1\n", StringComparison.Ordinal) || b.StartsWith("user library-1\n", StringComparison.Ordinal)),
            block => Assert.DoesNotContain("sitemodes", block, StringComparison.Ordinal));
        Assert.DoesNotContain("topic write studentcard/v1/gate/sitemodes", string.Join("\n", blocks.Skip(2)), StringComparison.Ordinal);
    }
}
