using StudentCard.Core.Keys;

namespace StudentCard.Edge.Tests.Support;

/// <summary>
/// Puts a key file where Central's provisioning would: the format from Core, owner-only, renamed
/// into place whole so a watching agent never reads half a file.
/// </summary>
internal static class ProvisionedKeyFile
{
    public static void Write(string path, KeyRing ring, UnixFileMode mode = KeyFileFormat.OwnerOnly)
    {
        var temporary = path + ".provisioning";
        File.WriteAllText(temporary, KeyFileFormat.Serialize(ring));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
