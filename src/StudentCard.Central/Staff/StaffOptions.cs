using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Staff;

/// <summary>The staff accounts' sign-in rules, in the "Admin" configuration section beside the admin UI's own settings.</summary>
public sealed class StaffOptions
{
    public const string Section = "Admin";

    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The seed policy allows at most three months (92 days) between password changes.</summary>
    [Range(1, 92)]
    public int PasswordMaxAgeDays { get; set; } = 90;

    [Range(12, 128)]
    public int MinimumPasswordLength { get; set; } = 12;
}
