using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Safety;

/// <summary>
/// The agent's copy of its own site's mode (sitemode.json in the data directory), so a reader restarted
/// while Central is out of reach keeps a lockdown. Written owner-only to a temporary file, flushed to disk, then renamed.
/// </summary>
public sealed class SiteModeFile(string directory)
{
    public const string FileName = "sitemode.json";

    public string Path { get; } = System.IO.Path.Combine(directory, FileName);

    /// <summary>The stored mode, or null when there is none; a damaged file gives a <see cref="MalformedMessageException"/>.</summary>
    public SiteMode? Read() => File.Exists(Path) ? SiteModeWire.Parse(File.ReadAllBytes(Path)) : null;

    public void Write(SiteMode mode)
    {
        var temporary = Path + ".tmp";
        using (var stream = OwnerOnlyFiles.Create(temporary))
        {
            stream.Write(SiteModeWire.Serialize(mode));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path, overwrite: true);
    }
}
