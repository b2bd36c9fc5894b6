using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>One card entering the reader's field.</summary>
public sealed record CardTap(CardUid Uid, DateTimeOffset At);
