namespace StudentCard.Core.Logging;

/// <summary>
/// Marks a type that carries identity (names, card tokens, keys): logs show only its type name,
/// whichever way it reaches a log event.
/// </summary>
public interface IRedactedInLogs;
