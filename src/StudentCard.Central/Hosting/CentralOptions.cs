using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Hosting;

/// <summary>The "Central" configuration section: where the stores and the key file live.</summary>
public sealed class CentralOptions
{
    public const string Section = "Central";

    [Required]
    public string DataDirectory { get; set; } = "data";

    [Required]
    public string KeyFile { get; set; } = "data/keys.json";

    /// <summary>Demo only: a missing key file is generated instead of failing the start.</summary>
    public bool CreateKeysIfMissing { get; set; }

    public string CentralDatabasePath => Path.Combine(DataDirectory, "central.db");

    public string VaultDatabasePath => Path.Combine(DataDirectory, "vault.db");
}
