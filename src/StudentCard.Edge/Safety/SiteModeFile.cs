using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Safety;

/// <summary>
/// The agent's copy of its own site's mode (sitemode.json in the data directory), so a reader restarted
/// while Central is out of reach keeps a lockdown. Holds Central's signed message exactly as received, so the restarted
/// agent verifies it again. Written owner-only to a temporary file, flushed to disk, then renamed.
/// </summary>
public sealed class SiteModeFile(string directory)
{
    public const string FileName = "sitemode.json";

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>The stored signed message, or null when there is none.</summary>
    public byte[]? Read() => File.Exists(Path) ? File.ReadAllBytes(Path) : null;

    public void Write(ReadOnlySpan<byte> signed)
    {
        var temporary = Path + ".tmp";
        using (var stream = OwnerOnlyFiles.Create(temporary))
        {
            stream.Write(signed);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
