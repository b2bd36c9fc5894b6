using System.Text;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The raw bytes of every SQLite database in a data directory with its WAL and shared-memory files,
/// read while Central holds them open, to show what an erasure left on disk.
/// </summary>
internal sealed class DatabaseBytes
{
    private readonly List<(string Name, byte[] Bytes)> _files = [];

    /// <summary>
    /// Reads every file of the directory's databases. SQLite deletes a WAL file when its last connection closes,
    /// so a file may vanish between listing and reading; the whole snapshot is then taken again, because a WAL
    /// that vanished was checkpointed into a database file that may have been read before it.
    /// </summary>
    public static DatabaseBytes Of(string directory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Read(directory);
            }
            catch (FileNotFoundException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static DatabaseBytes Read(string directory)
    {
        var bytes = new DatabaseBytes();
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".db-wal", StringComparison.Ordinal) || f.EndsWith(".db-shm", StringComparison.Ordinal)))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes._files.Add((Path.GetFileName(file), copy.ToArray()));
        }
        return bytes;
    }

    public IReadOnlyList<string> Names => _files.Select(f => f.Name).ToList();

    /// <summary>The files in which the bytes occur.</summary>
    public IReadOnlyList<string> WhereFound(byte[] needle) =>
        _files.Where(f => f.Bytes.AsSpan().IndexOf(needle) >= 0).Select(f => f.Name).ToList();

    /// <summary>Every form a hex pseudonym or card token could take on disk: text in both cases and its raw bytes.</summary>
    public static IEnumerable<(string Form, byte[] Bytes)> Forms(string hex)
    {
        yield return ("as text", Encoding.ASCII.GetBytes(hex));
        yield return ("as uppercase text", Encoding.ASCII.GetBytes(hex.ToUpperInvariant()));
        yield return ("as bytes", Convert.FromHexString(hex));
    }
}
