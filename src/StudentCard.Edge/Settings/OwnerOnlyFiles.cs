using StudentCard.Core;

namespace StudentCard.Edge.Settings;

/// <summary>
/// How the agent writes into its data directory: folders 0700 and files 0600 whatever the process umask,
/// since they hold passages, allow-list pseudonyms and the site's mode.
/// </summary>
public static class OwnerOnlyFiles
{

    /// <summary>Creates the folder owner-only when it is missing; one that exists keeps the permissions it was given.</summary>
    public static void CreateFolder(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyModes.Folder);
        }
    }

    /// <summary>Opens <paramref name="path"/> for writing from the start, creating it (and its folder) if missing, and leaves it owner-only even when an older copy was not.</summary>
    public static FileStream Create(string path, int bufferSize = 4096) =>
        Open(path, FileMode.Create, bufferSize);

    /// <summary>
    /// Creates an empty SQLite database file owner-only before SQLite first opens it (SQLite takes an empty file
    /// for an empty database); SQLite gives its -wal, -shm and -journal files the database file's permissions.
    /// </summary>
    public static void CreateDatabase(string path)
    {
        using (Open(path, FileMode.OpenOrCreate, bufferSize: 0))
        {
        }
    }

    private static FileStream Open(string path, FileMode mode, int bufferSize)
    {
        CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, BufferSize = bufferSize };
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, options);
        }
        options.UnixCreateMode = OwnerOnlyModes.File;
        var stream = new FileStream(path, options);
        File.SetUnixFileMode(stream.SafeFileHandle, OwnerOnlyModes.File);
        return stream;
    }
}
