namespace StudentCard.Central.Passages;

/// <summary>One MQTT message on a reader's passages topic, as received.</summary>
public sealed record PassageDelivery(ReaderType Type, string ReaderId, ReadOnlyMemory<byte> Payload);
