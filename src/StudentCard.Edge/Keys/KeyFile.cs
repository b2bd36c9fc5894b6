using StudentCard.Core.Keys;

namespace StudentCard.Edge.Keys;

/// <summary>
/// Reads the key file Central provisioned for this agent or desk. The agent never writes one.
/// </summary>
internal static class KeyFile
{
    public static KeyRing Read(string path)
    {
        if (!File.Exists(path))
        {
            throw KeyFileFormat.Missing(path);
        }
        if (!OperatingSystem.IsWindows())
        {
            KeyFileFormat.RequireOwnerOnly(File.GetUnixFileMode(path), path);
        }
        return KeyFileFormat.Parse(File.ReadAllText(path), path);
    }
}
