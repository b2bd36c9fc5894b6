namespace StudentCard.Core.Rules;

/// <summary>One pseudonym a reader type lets through, with its validity window (UTC, end exclusive).</summary>
public sealed record AllowListEntry(string Pseudonym, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);
