using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Core.Messaging;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>Publishes a reader's passages again with its own credentials, as a confused or replaying agent would.</summary>
public static class Redelivery
{
    public static async Task<int> PublishAgainAsync(ResilienceSystem system, AgentRig rig, int times)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", system.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(rig.ReaderId)
            .WithCredentials(rig.ReaderId, rig.Secret)
            .Build());
        var passages = rig.Decided.Values.OrderBy(p => p.OccurredAt).ToList();
        var count = 0;
        for (var round = 0; round < times; round++)
        {
            foreach (var batch in passages.Chunk(200))
            {
                var result = await client.PublishAsync(new MqttApplicationMessageBuilder()
                    .WithTopic(MqttTopics.Passages(rig.Type, rig.ReaderId))
                    .WithPayload(MessageJson.Serialize(new PassageBatch(batch)))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build());
                Assert.True(result.IsSuccess, $"the broker refused a redelivery: {result.ReasonCode}");
                count += batch.Length;
            }
        }
        await client.DisconnectAsync();
        return count;
    }
}
