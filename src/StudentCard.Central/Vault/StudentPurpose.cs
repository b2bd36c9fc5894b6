namespace StudentCard.Central.Vault;

/// <summary>
/// A student's right to one purpose for a period, derived from the access rules that cover them (<see cref="AccessRule"/>);
/// enrollment, re-issued cards, key rotations and lifted restrictions derive entitlements from it.
/// </summary>
public sealed class StudentPurpose
{
    /// <summary>The longest <see cref="Places"/> stored, here and in the purpose store's entitlement a reader receives.</summary>
    public const int MaxPlaces = 400;

    /// <summary>The longest <see cref="Rules"/> stored.</summary>
    public const int MaxRules = 400;

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

    /// <summary>Whether this right fits its stored columns; a merge of many rules' places can be longer.</summary>
    public bool Fits() => (Places?.Length ?? 0) <= MaxPlaces && Rules.Length <= MaxRules;
}
