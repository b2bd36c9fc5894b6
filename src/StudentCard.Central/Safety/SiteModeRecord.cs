using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>The last safety command for one site (lockdown, evacuation, back to normal), as sent to its gate readers.</summary>
public sealed class SiteModeRecord
{
    public required string Site { get; set; }

    public SafetyMode Mode { get; set; }

    /// <summary>Space-separated gate pseudonyms that still pass during a lockdown (every key version in use).</summary>
    public string Override { get; set; } = "";

    public long Sequence { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}
