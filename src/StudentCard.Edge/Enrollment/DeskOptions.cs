using System.ComponentModel.DataAnnotations;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Enrollment;

/// <summary>The "Desk" settings of an agent in enrollment mode: which desk this is and where Central is.</summary>
public sealed class DeskOptions
{
    public const string Section = "Desk";

    [Required, Identifier("Desk:DeskId")]
    public string DeskId { get; set; } = "";

    /// <summary>The per-desk secret Central issued when the desk was registered.</summary>
    [Required]
    public string DeskSecret { get; set; } = "";

    [Required, Url]
    public string CentralUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The desk's key file: K_site only, as written by "keys export-desk".</summary>
    [Required]
    public string KeyFile { get; set; } = "data/desk/keys.json";

    /// <summary>How long a tapped card waits for Central's answer before the desk shows red.</summary>
    [Range(100, 60_000)]
    public int SubmitTimeoutMs { get; set; } = 5_000;
}
