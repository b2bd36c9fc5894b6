using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace StudentCard.Core.Messaging;

/// <summary>
/// How Central signs the commands that change what a reader does (site modes, allow-list notices, zone relays) and
/// what the signature covers: a fixed context, the key id, the topic, the issue time in milliseconds and the exact
/// payload bytes, each length-prefixed, so a command signed for one topic or time cannot pass for another.
/// ECDSA P-256 with SHA-256 (.NET's own implementation); the key id names the public key, for a later rotation.
/// </summary>
public static class CommandSignature
{
    /// <summary>How far a signed issue time may lie ahead of the receiver's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far a site mode's sequence may lie ahead of the time its command was signed. Central makes a sequence from the
    /// issue time in milliseconds and counts on from the previous one only within this lead, so no command it signs can
    /// hold a sequence that keeps readers from applying the next one for more than this.
    /// </summary>
    public static readonly TimeSpan MaxSequenceLead = TimeSpan.FromDays(1);

    private static readonly byte[] Context = "studentcard-command/1"u8.ToArray();

    /// <summary>Whether a topic carries commands readers act on, and so is signed by Central and verified by readers.</summary>
    public static bool IsSignedTopic(string topic)
    {
        var parts = topic.Split('/');
        if (parts.Length < 4 || $"{parts[0]}/{parts[1]}" != MqttTopics.Root || !ReaderTypes.TryParse(parts[2], out var purpose))
        {
            return false;
        }
        return (parts.Length, parts[3]) switch
        {
            (4, "allowlist" or "commands") => true,
            (5, "sitemodes") => purpose == ReaderType.Gate,
            (7, "zones") => purpose == ReaderType.Gate && parts[6] == "passages",
            _ => false,
        };
    }

    /// <summary>The id of a public key: the first 8 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..8]);

    /// <summary>The envelope (JSON) of a payload signed for one topic at one time (kept to the millisecond the signature covers).</summary>
    public static byte[] Seal(ECDsa key, string keyId, string topic, DateTimeOffset issuedAt, ReadOnlySpan<byte> payload)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(issuedAt.ToUnixTimeMilliseconds());
        var signature = key.SignData(SignedBytes(keyId, topic, at, payload), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return MessageJson.Serialize(new SignedCommand(keyId, topic, at, payload.ToArray(), signature));
    }

    /// <summary>The bytes a signature covers.</summary>
    public static byte[] SignedBytes(string keyId, string topic, DateTimeOffset issuedAt, ReadOnlySpan<byte> payload)
    {
        var id = Encoding.UTF8.GetBytes(keyId);
        var name = Encoding.UTF8.GetBytes(topic);
        var bytes = new byte[Context.Length + 4 + id.Length + 4 + name.Length + 8 + 4 + payload.Length];
        var span = bytes.AsSpan();
        Context.CopyTo(span);
        span = span[Context.Length..];
        span = Prefixed(span, id);
        span = Prefixed(span, name);
        BinaryPrimitives.WriteInt64BigEndian(span, issuedAt.ToUnixTimeMilliseconds());
        Prefixed(span[8..], payload);
        return bytes;
    }

    private static Span<byte> Prefixed(Span<byte> span, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(span, value.Length);
        value.CopyTo(span[4..]);
        return span[(4 + value.Length)..];
    }
}
