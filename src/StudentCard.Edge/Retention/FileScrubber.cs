namespace StudentCard.Edge.Retention;

/// <summary>
/// Overwrites a file's bytes with zeros and flushes them to the device before the file is released,
/// so a replaced or deleted copy does not leave its content in free blocks. On an in-place file system
/// (ext4, xfs) the same blocks are overwritten; on copy-on-write file systems or flash with wear
/// levelling the device may keep old blocks, which only disk encryption covers.
/// </summary>
public static class FileScrubber
{
    private const int ChunkSize = 1 << 16;

    /// <summary>Opens an existing file for a later <see cref="Overwrite"/>; null when there is none.</summary>
    public static FileStream? OpenExisting(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Zeros the whole file through the open handle (even when its name is already gone), fsyncs and closes it.</summary>
    public static void Overwrite(FileStream? file)
    {
        if (file is null)
        {
            return;
        }
        using (file)
        {
            var zeros = new byte[ChunkSize];
            var length = file.Length;
            file.Position = 0;
            for (long written = 0; written < length; written += ChunkSize)
            {
                file.Write(zeros, 0, (int)Math.Min(ChunkSize, length - written));
            }
            file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Zeros and then deletes a file; nothing happens when it does not exist.</summary>
    public static void ScrubAndDelete(string path)
    {
        Overwrite(OpenExisting(path));
        File.Delete(path);
    }
}
