using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Admin;

/// <summary>The "Admin" configuration section as the admin web UI reads it: its endpoint and how long a sign-in lasts.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>HTTP/1.1 endpoint for browsers; 0 picks a free port (tests, in-process demo).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5081;

    /// <summary>Loopback by default: outside a laptop demo the UI sits behind a TLS-terminating proxy.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;
}
