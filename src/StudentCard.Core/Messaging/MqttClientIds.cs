namespace StudentCard.Core.Messaging;

/// <summary>
/// The MQTT client ids the broker accepts: Central's own, and a reader's id alone or behind a prefix. No reader id may
/// take Central's id or start with the prefix, so every client id names one party unambiguously.
/// </summary>
public static class MqttClientIds
{
    public const string Central = "studentcard-central";

    public const string ReaderPrefix = "reader-";

    /// <summary>True when a reader id would collide with Central's client id or read as a prefixed one.</summary>
    public static bool IsReserved(string readerId) =>
        readerId.StartsWith(ReaderPrefix, StringComparison.Ordinal) || readerId == Central;

    /// <summary>The reader a client id names ("id" or "reader-id"), or null for Central's own.</summary>
    public static string? ReaderIdOf(string clientId) =>
        clientId == Central ? null : clientId.StartsWith(ReaderPrefix, StringComparison.Ordinal) ? clientId[ReaderPrefix.Length..] : clientId;

    public static string ReservedRule => $"Reader ids may not start with '{ReaderPrefix}' or be '{Central}'.";
}
