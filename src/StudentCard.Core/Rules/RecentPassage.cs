using StudentCard.Core.Passages;

namespace StudentCard.Core.Rules;

/// <summary>The last passage let through for one pseudonym in one zone: what anti-passback compares with.</summary>
public readonly record struct RecentPassage(Direction Direction, DateTimeOffset At);
