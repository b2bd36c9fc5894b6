using System.Runtime.InteropServices;

namespace StudentCard.Tests.Shared;

/// <summary>
/// For the tests that store files are owner-only: runs under the usual umask (022, which leaves new files
/// readable by everyone) and asserts every file under a folder is 0600 and every folder 0700.
/// </summary>
public static class OwnerOnly
{
    private const uint UsualUmask = 0b000_010_010; // 022

    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Folder = File | UnixFileMode.UserExecute;

    /// <summary>Sets the process umask to 022 until the returned scope is disposed, then restores the one before.</summary>
    public static IDisposable UnderUsualUmask()
    {
        var before = umask(UsualUmask);
        return new Restore(before);
    }

    /// <summary>The path (relative to <paramref name="root"/>) and mode of every file and folder under it, the root included.</summary>
    public static IReadOnlyList<(string Path, bool IsFolder, UnixFileMode Mode)> Modes(string root) =>
        new DirectoryInfo(root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Prepend(new DirectoryInfo(root))
            .Select(i => (Path.GetRelativePath(root, i.FullName), i is DirectoryInfo, i.UnixFileMode))
            .ToList();

    /// <summary>The entries of <paramref name="root"/> that others may read, write or enter.</summary>
    public static IReadOnlyList<string> NotOwnerOnly(string root) =>
        Modes(root).Where(m => m.Mode != (m.IsFolder ? Folder : File)).Select(m => $"{m.Path} {Convert.ToString((int)m.Mode, 8)}").ToList();

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for one blittable call.
    [DllImport("libc")]
    private static extern uint umask(uint mask);

    private sealed class Restore(uint before) : IDisposable
    {
        public void Dispose() => umask(before);
    }
}
