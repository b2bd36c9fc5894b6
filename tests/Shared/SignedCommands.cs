using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using StudentCard.Central.Messaging;
using StudentCard.Core.Messaging;
using Xunit;

namespace StudentCard.Tests.Shared;

/// <summary>Opens a command Central published as a reader would: it must carry Central's signature for the topic it came on.</summary>
public static class SignedCommands
{
    public static T Open<T>(IServiceProvider central, MqttApplicationMessage message) where T : class
    {
        using var key = CommandVerifyingKey.FromSubjectPublicKeyInfo(central.GetRequiredService<CommandSigner>().PublicKey);
        var envelope = message.Payload.ToArray();
        var refusal = key.Open(message.Topic, envelope, MessageJson.Deserialize<SignedCommand>(envelope).IssuedAt, out var command);
        Assert.Equal(CommandRefusal.None, refusal);
        return MessageJson.Deserialize<T>(command!.Payload);
    }
}
