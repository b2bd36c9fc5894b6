namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>
/// The "Processing" configuration section: what the records of processing (GDPR Art. 30) say that
/// the code cannot know — the controller, the DPO, and per activity its legal basis, data subjects and
/// recipients. Anything not set falls back to the defaults in <see cref="ProcessingDefaults"/>; what
/// is stored and for how long always comes from the code and the Retention settings.
/// </summary>
public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>The controller's name (a school, a district, a transport authority).</summary>
    public string? Controller { get; set; }

    public string? ControllerContact { get; set; }

    public string? DpoContact { get; set; }

    /// <summary>Transfers to third countries or international organisations.</summary>
    public string? Transfers { get; set; }

    /// <summary>Per activity ("gate", "bus", "library", "statistics", "vault", "audit") the controller's own wording.</summary>
    public Dictionary<string, ActivityOptions> Activities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Organisational and technical measures of the installation beyond the code's own (e.g. disk encryption, backups).</summary>
    public string[]? AdditionalSecurityMeasures { get; set; }
}
