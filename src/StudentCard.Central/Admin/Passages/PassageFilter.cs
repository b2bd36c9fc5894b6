namespace StudentCard.Central.Admin.Passages;

/// <summary>What a staff member asked to see: optional reader, time range (UTC) and decision, one page of results.</summary>
public sealed record PassageFilter(string? Reader, DateTimeOffset? From, DateTimeOffset? To, string? Decision, int Page)
{
    public const int PageSize = 50;

    /// <summary>Why the filter cannot be run, or null when it can.</summary>
    public string? Problem() =>
        Decision is not (null or "" or "allow" or "deny") ? "The decision is 'allow' or 'deny'."
        : From > To ? "The start of the time range is after its end."
        : Page < 1 ? "Pages are numbered from 1."
        : Reader is { Length: > 64 } ? "A reader id is at most 64 characters."
        : null;

    /// <summary>The filter as the audit log's reason text: no pseudonym, no name.</summary>
    public string Describe() =>
        $"passage list: reader={(string.IsNullOrEmpty(Reader) ? "any" : Reader)}, from={From?.ToString("O") ?? "any"}, to={To?.ToString("O") ?? "any"}, decision={(string.IsNullOrEmpty(Decision) ? "any" : Decision)}, page={Page}";
}
