namespace StudentCard.Central.Safety;

/// <summary>The body of a safety command: who gives it, why, and (lockdown only) the student numbers that still pass.</summary>
public sealed record SiteModeRequest(string? Actor, string? Reason, IReadOnlyList<string>? Override = null);

/// <summary>The answer to a safety command.</summary>
public sealed record SiteModeResponse(string Site, string Mode, long Sequence, int OverridePseudonyms, bool Published);

/// <summary>Why a safety command was refused.</summary>
public sealed record SiteModeError(string Error);
