using System.Buffers;
using System.Security.Cryptography;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Messaging;
using StudentCard.Central.Safety;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.EndToEnd.Tests.Resilience;
using StudentCard.Edge.Link;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Safety;
using StudentCard.Edge.Taps;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Safety;

/// <summary>
/// The attack a leaked service password or a compromised broker allows: anyone able to write Central's command topics
/// publishes site modes, allow-list notices and zone relays that are unsigned, signed with another key, replayed or
/// carry a huge sequence. On both brokers each is refused and counted by the gate agent, a card is decided as before,
/// and Central's next real command still takes effect.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class ForgedCommandTests(ITestOutputHelper output)
{
    private const string Site = "north";
    private const string Zone = "main";

    private static async Task<(ResilienceSystem System, AgentRig Gate)> StartAsync(ITestOutputHelper output, BrokerKind broker)
    {
        var system = await ResilienceSystem.StartAsync(output, broker, students: 10, site: Site, gateZone: Zone);
        var gate = await system.AddAgentAsync("gate-1", ReaderType.Gate);
        await Eventually.WaitAsync(() => gate.Link.Connected, "the gate agent to connect to the broker");
        return (system, gate);
    }

    /// <summary>
    /// Publishes as an attacker holding Central's leaked broker password. Both brokers tie that login to Central's client
    /// id (the embedded one by its check, Mosquitto by use_username_as_clientid), so each connection takes Central's
    /// session over until Central's client takes it back: the intruder keeps the session (clean start off, Central's
    /// expiry), never acknowledges what it receives, and connects again when Central pushed it out before its publish
    /// was acknowledged.
    /// </summary>
    private static async Task InjectAsync(ResilienceSystem system, string topic, byte[] payload, bool retain = true)
    {
        var credential = system.CentralService<ServiceCredential>();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", system.MqttPort).WithClientId(MqttClientIds.Central)
            .WithCredentials(credential.Username, credential.Password).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false).WithSessionExpiryInterval(7 * 24 * 3600).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        for (var attempt = 1; ; attempt++)
        {
            using var intruder = new MqttClientFactory().CreateMqttClient();
            intruder.ApplicationMessageReceivedAsync += e =>
            {
                e.AutoAcknowledge = false;
                return Task.CompletedTask;
            };
            try
            {
                Assert.Equal(MqttClientConnectResultCode.Success, (await intruder.ConnectAsync(options)).ResultCode);
                var result = await intruder.PublishAsync(message);
                Assert.True(result.IsSuccess, $"the broker refused the privileged publish to {topic}: {result.ReasonCode}");
                await intruder.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build());
                return;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException && attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A registered gate reader's own login, keeping the site modes Central publishes (the attacker's recording).</summary>
    private static async Task<IMqttClient> RecorderAsync(ResilienceSystem system, List<byte[]> seen)
    {
        var secret = await system.CentralService<Central.ReaderAccounts.ReaderRegistry>().RegisterAsync("gate-9", ReaderType.Gate);
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (seen)
            {
                seen.Add(e.ApplicationMessage.Payload.ToArray());
            }
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", system.MqttPort).WithClientId("gate-9")
            .WithCredentials("gate-9", secret).WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build();
        Assert.Equal(MqttClientConnectResultCode.Success, (await client.ConnectAsync(options)).ResultCode);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(MqttTopics.AllSiteModes, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return client;
    }

    private static byte[] SignedWithAnotherKey(string topic, byte[] payload)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return CommandSignature.Seal(key, CommandSignature.KeyIdOf(key.ExportSubjectPublicKeyInfo()), topic, DateTimeOffset.UtcNow, payload);
    }

    private static Task WaitForRefusalsAsync(AgentRig gate, long count) =>
        Eventually.WaitAsync(() => gate.Service<CommandVerifier>().Refused >= count, $"the gate agent to refuse {count} forged commands");

    private static async Task<PassageMessage> TapAsync(ResilienceSystem system, AgentRig gate, int student)
    {
        var at = DateTimeOffset.UtcNow.AddTicks(gate.TakeTapNumber());
        await gate.Reader.WriteAsync(new CardTap(new CardUid(system.Students[student].CardUid), at), CancellationToken.None);
        return await Eventually.WaitAsync(() => Task.FromResult(gate.Decided.Values.FirstOrDefault(p => p.OccurredAt == at)), p => p is not null, $"the tap of pupil {student} to be decided") ?? throw new InvalidOperationException();
    }

    private static void AssertNoPseudonymLogged(ResilienceSystem system, AgentRig gate)
    {
        var refusals = gate.Logs.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message)
            .Where(m => m.Contains("Refused a command", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);
        foreach (var student in system.Students)
        {
            var pseudonym = PseudonymDeriver.Pseudonym(PseudonymDeriver.CardToken(new CardUid(student.CardUid), system.Keys.Site), ReaderType.Gate, system.Keys.Current(ReaderType.Gate)).Value;
            Assert.DoesNotContain(refusals, l => l.Contains(pseudonym, StringComparison.Ordinal));
        }
    }

    [Theory]
    [BrokerKinds]
    public async Task Forged_replayed_and_huge_sequence_site_modes_change_nothing_and_centrals_next_lockdown_takes_effect(BrokerKind broker)
    {
        var (system, gate) = await StartAsync(output, broker);
        await using var _ = system;
        var modes = system.CentralService<SiteModeService>();
        var topic = MqttTopics.SiteMode(Site);
        var seen = new List<byte[]>();
        using var recorder = await RecorderAsync(system, seen);
        var pupil = Enumerable.Range(0, system.Students.Count).First(ResilienceSystem.IsEntitled);

        var lockdown = await modes.LockdownAsync(Site, [], "head-teacher", "drill");
        await Eventually.WaitAsync(() => Task.FromResult(seen.Count), n => n > 0, "the intruder to record Central's signed lockdown");
        byte[] recorded;
        lock (seen)
        {
            recorded = seen[0];
        }
        var lift = await modes.LiftAsync(Site, "head-teacher", "drill over");
        await Eventually.WaitAsync(() => gate.Service<SiteModes>().Current?.Sequence == lift.Sequence, "the gate agent to apply the lift");
        var before = await TapAsync(system, gate, pupil);
        Assert.Equal(("allow", "none"), (before.Decision, before.Reason));

        var huge = MessageJson.Serialize(new SiteModeMessage(Site, "evacuation", [], long.MaxValue, DateTimeOffset.UtcNow));
        var hugeLockdown = MessageJson.Serialize(new SiteModeMessage(Site, "lockdown", [], long.MaxValue, DateTimeOffset.UtcNow));
        await InjectAsync(system, topic, huge);
        await InjectAsync(system, topic, SignedWithAnotherKey(topic, hugeLockdown));
        await InjectAsync(system, topic, recorded);
        await InjectAsync(system, topic, hugeLockdown);
        await WaitForRefusalsAsync(gate, 4);

        Assert.Equal((SafetyMode.Normal, lift.Sequence), (gate.Service<SiteModes>().Current!.Mode, gate.Service<SiteModes>().Current!.Sequence));
        Assert.Equal(4, gate.Service<CommandVerifier>().Refused);
        var after = await TapAsync(system, gate, pupil);
        Assert.Equal(("allow", "none"), (after.Decision, after.Reason));
        AssertNoPseudonymLogged(system, gate);
        output.WriteLine($"{broker}: lockdown {lockdown.Sequence} recorded and replayed after lift {lift.Sequence}; 4 forged site modes refused");

        await Eventually.WaitAsync(() => system.CentralService<IMqttPublisher>().IsConnected, "Central to take its broker session back");
        var next = await modes.LockdownAsync(Site, [], "head-teacher", "intruder reported");
        await Eventually.WaitAsync(() => gate.Service<SiteModes>().Current?.Sequence == next.Sequence, "the gate agent to apply Central's next lockdown");
        var denied = await TapAsync(system, gate, pupil);
        Assert.Equal(("deny", "lockdown"), (denied.Decision, denied.Reason));
    }

    [Theory]
    [BrokerKinds]
    public async Task A_forged_allow_list_notice_and_forged_zone_relays_change_nothing_and_centrals_next_ones_take_effect(BrokerKind broker)
    {
        var (system, gate) = await StartAsync(output, broker);
        await using var _ = system;
        var held = gate.AllowList.Current.Version;
        var pupil = Enumerable.Range(0, system.Students.Count).First(ResilienceSystem.IsEntitled);
        var token = PseudonymDeriver.CardToken(new CardUid(system.Students[pupil].CardUid), system.Keys.Site);
        var pseudonym = PseudonymDeriver.Pseudonym(token, ReaderType.Gate, system.Keys.Current(ReaderType.Gate)).Value;
        var noticeTopic = MqttTopics.AllowList(ReaderType.Gate);
        var relayTopic = MqttTopics.ZonePassages(Site, Zone);
        var relay = MessageJson.Serialize(new ZonePassages([new ZonePassage(pseudonym, "in", DateTimeOffset.UtcNow)]));

        await InjectAsync(system, noticeTopic, MessageJson.Serialize(new AllowListNotice(long.MaxValue)));
        await InjectAsync(system, noticeTopic, SignedWithAnotherKey(noticeTopic, MessageJson.Serialize(new AllowListNotice(held + 1))));
        await InjectAsync(system, relayTopic, relay, retain: false);
        await InjectAsync(system, relayTopic, SignedWithAnotherKey(relayTopic, relay), retain: false);
        await WaitForRefusalsAsync(gate, 4);

        Assert.Null(gate.Service<ZoneMemory>().Last(pseudonym));
        Assert.Equal(held, gate.AllowList.Current.Version);
        Assert.Equal(4, gate.Service<CommandVerifier>().Refused);
        Assert.Equal("allow", (await TapAsync(system, gate, pupil)).Decision);
        AssertNoPseudonymLogged(system, gate);

        var stranger = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await Eventually.WaitAsync(() => system.CentralService<IMqttPublisher>().IsConnected, "Central to take its broker session back");
        Assert.True(await system.CentralService<IMqttPublisher>().PublishAsync(
            new OutboundMessage(relayTopic, MessageJson.Serialize(new ZonePassages([new ZonePassage(stranger, "in", DateTimeOffset.UtcNow)]))), CancellationToken.None));
        await Eventually.WaitAsync(() => gate.Service<ZoneMemory>().Last(stranger) is not null, "Central's relay to reach the zone memory");
        await system.CentralService<EnrollmentService>().RevokeCardAsync(token, Central.Vault.CardStatus.Revoked);
        await Eventually.WaitAsync(() => gate.AllowList.Current.Version > held, "Central's next allow-list version to reach the gate agent");
        Assert.Equal("deny", (await TapAsync(system, gate, pupil)).Decision);
        Assert.Equal(4, gate.Service<CommandVerifier>().Refused);
    }
}
