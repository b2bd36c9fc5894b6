using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentCard.Core.Messaging;

/// <summary>The one JSON shape of every MQTT payload (camelCase, UTF-8).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PassageBatch))]
[JsonSerializable(typeof(PassageAck))]
[JsonSerializable(typeof(ReaderStatusMessage))]
[JsonSerializable(typeof(AllowListNotice))]
[JsonSerializable(typeof(SiteModeMessage))]
[JsonSerializable(typeof(ZonePassages))]
[JsonSerializable(typeof(SignedCommand))]
public sealed partial class MessageJson : JsonSerializerContext
{
    public static byte[] Serialize<T>(T value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), Default);

    /// <summary>Parses a payload; a malformed one gives a <see cref="MalformedMessageException"/>, never a crash.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> payload) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(payload, typeof(T), Default) as T
                ?? throw new MalformedMessageException($"The {typeof(T).Name} payload is empty.");
        }
        catch (JsonException e)
        {
            throw new MalformedMessageException($"The {typeof(T).Name} payload is not valid JSON: {e.Message}");
        }
    }
}

/// <summary>A message whose payload cannot be read.</summary>
public sealed class MalformedMessageException(string message) : Exception(message);
