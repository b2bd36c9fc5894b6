namespace StudentCard.Central.Vault;

/// <summary>A student's right to one purpose for a period; re-issued cards and key rotations derive entitlements from it.</summary>
public sealed class StudentPurpose
{
    public long StudentId { get; set; }

    public ReaderType Purpose { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Where the right holds: gate sites or site/zone pairs, bus routes; null = everywhere the purpose reaches.</summary>
    public string? Places { get; set; }

    /// <summary>The gate schedule's name; null = at any time.</summary>
    public string? Schedule { get; set; }
}
