using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Admin;

/// <summary>The "Admin" configuration section: the admin web UI's endpoint and its sign-in rules.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>HTTP/1.1 endpoint for browsers; 0 picks a free port (tests, in-process demo).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5081;

    /// <summary>Loopback by default: outside a laptop demo the UI sits behind a TLS-terminating proxy.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

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

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;
}
