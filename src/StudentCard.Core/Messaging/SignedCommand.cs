namespace StudentCard.Core.Messaging;

/// <summary>
/// A command from Central as it travels over MQTT: the payload, the topic and the time it was signed for, the id of
/// Central's signing key, and its ECDSA P-256 signature over all of them (<see cref="CommandSignature"/>).
/// </summary>
public sealed record SignedCommand(string KeyId, string Topic, DateTimeOffset IssuedAt, byte[] Payload, byte[] Signature);
