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

    /// <summary>Central's command-signing key (PKCS#8, owner-only), beside the key file and made at the first start.</summary>
    public string CommandSigningKeyFile =>
        Path.Combine(Path.GetDirectoryName(KeyFile) ?? "", Path.GetFileNameWithoutExtension(KeyFile) + ".command-signing.pem");

    public string CentralDatabasePath => Path.Combine(DataDirectory, "central.db");

    public string VaultDatabasePath => Path.Combine(DataDirectory, "vault.db");
}
