namespace StudentCard.Core.Messaging;

/// <summary>One passage as it travels from an agent to Central. Carries the purpose pseudonym only.</summary>
/// <remarks><see cref="Place"/>: "site/zone" at gates, the route on buses, the site in libraries (see ReaderPlace.Name).</remarks>
public sealed record PassageMessage(Guid Id, string ReaderId, string Purpose, string Pseudonym, int KeyVersion, DateTimeOffset OccurredAt, string Decision, string Reason, string Direction, string? Place = null);

/// <summary>Passages sent in one MQTT message, oldest first.</summary>
public sealed record PassageBatch(IReadOnlyList<PassageMessage> Passages);

/// <summary>Central's confirmation that these passages are committed; the agent may then forget them.</summary>
public sealed record PassageAck(IReadOnlyList<Guid> Ids);

/// <summary>A reader's heartbeat or last will.</summary>
public sealed record ReaderStatusMessage(string ReaderId, string State, DateTimeOffset At, int OutboxBacklog, long AllowListVersion);

/// <summary>Tells the readers of one purpose that a newer allow-list version exists.</summary>
public sealed record AllowListNotice(long Version);

/// <summary>
/// A site's safety mode as commanded by an authorised admin, retained on the broker so a gate reader that (re)connects
/// gets it at once. Override holds gate pseudonyms only (every key version in use); never a name.
/// </summary>
public sealed record SiteModeMessage(string Site, string Mode, IReadOnlyList<string> Override, long Sequence, DateTimeOffset IssuedAt);

/// <summary>Passages let through in one gate zone (pseudonym, "in"/"out", when), relayed to that zone's readers.</summary>
public sealed record ZonePassages(IReadOnlyList<ZonePassage> Passages);

/// <summary>One relayed passage: the gate pseudonym, its direction and time; nothing else.</summary>
public sealed record ZonePassage(string Pseudonym, string Direction, DateTimeOffset At);
