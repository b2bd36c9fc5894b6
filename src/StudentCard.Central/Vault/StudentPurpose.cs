namespace StudentCard.Central.Vault;

/// <summary>
/// A student's right to one purpose for a period, derived from the access rules that cover them (<see cref="AccessRule"/>);
/// enrollment, re-issued cards, key rotations and lifted restrictions derive entitlements from it.
/// </summary>
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

    /// <summary>The ids of the rules this right came from, space-separated ("3 7").</summary>
    public string Rules { get; set; } = "";
}
