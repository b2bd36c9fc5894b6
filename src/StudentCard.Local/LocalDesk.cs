namespace StudentCard.Local;

/// <summary>An enrollment desk registered with Central: its id, issued secret, and the folder of its files (K_site only, settings).</summary>
public sealed record LocalDesk(string DeskId, string Secret, string DataDirectory)
{
    public string KeyFile => Path.Combine(DataDirectory, "keys.json");
}
