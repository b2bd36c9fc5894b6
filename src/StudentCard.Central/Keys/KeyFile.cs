using StudentCard.Core.Keys;

namespace StudentCard.Central.Keys;

/// <summary>
/// Central's key files: the site's full ring and the subsets it provisions for readers and desks.
/// Written owner-only (0600) through a temporary file renamed over the old one, so a reader of the
/// file never sees it half-written. The file lives outside every database so a copy of a database
/// reveals no key.
/// </summary>
public static class KeyFile
{
    public static void Write(string path, KeyRing ring)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = KeyFileFormat.OwnerOnly;
        }
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(KeyFileFormat.Serialize(ring));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

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
