using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.DeskApi;

/// <summary>The "EnrollmentDesk" settings: how long a pending enrollment waits for its tap, and desks set up at start.</summary>
public sealed class EnrollmentDeskOptions
{
    public const string Section = "EnrollmentDesk";

    [Range(1, 60)]
    public int PendingMinutes { get; set; } = 5;

    /// <summary>Desk ids registered at start when absent (demo and compose installations); empty in production.</summary>
    public List<string> Desks { get; set; } = [];

    /// <summary>Where a provisioned desk's settings file (holding its one-time secret) and key file (K_site only) are written.</summary>
    public string OutputDirectory { get; set; } = "data/provisioned";

    /// <summary>The gRPC address a provisioned desk is told to reach Central at.</summary>
    [Url]
    public string DeskCentralUrl { get; set; } = "http://127.0.0.1:5080";
}
