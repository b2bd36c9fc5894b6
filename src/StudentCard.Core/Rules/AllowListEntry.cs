namespace StudentCard.Core.Rules;

/// <summary>
/// One pseudonym a reader type knows, with its validity window (UTC, end exclusive) and what its purpose needs to decide:
/// where it may be used (<see cref="Places"/>: gate sites or site/zone pairs, bus routes; null = everywhere the purpose
/// reaches) and on which schedule (gates; null = at any time).
/// </summary>
public sealed record AllowListEntry(
    string Pseudonym,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    CardStatus Status = CardStatus.Active,
    string? Places = null,
    string? Schedule = null);
