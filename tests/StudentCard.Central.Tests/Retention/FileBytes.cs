using System.Text;

namespace StudentCard.Central.Tests.Retention;

/// <summary>The raw bytes of a SQLite database and its companions (WAL, shared memory), read while they are open.</summary>
internal sealed class FileBytes
{
    private readonly List<(string Name, byte[] Bytes)> _files = [];

    private FileBytes()
    {
    }

    public IReadOnlyList<string> Names => _files.Select(f => f.Name).ToList();

    public static FileBytes OfDatabase(string path)
    {
        var bytes = new FileBytes();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes._files.Add((Path.GetFileName(file), copy.ToArray()));
        }
        return bytes;
    }

    public long Length(string name) => _files.Where(f => f.Name == name).Sum(f => (long)f.Bytes.Length);

    /// <summary>The files in which the bytes occur.</summary>
    public IReadOnlyList<string> WhereFound(ReadOnlySpan<byte> needle)
    {
        var found = new List<string>();
        foreach (var (name, bytes) in _files)
        {
            if (bytes.AsSpan().IndexOf(needle) >= 0)
            {
                found.Add(name);
            }
        }
        return found;
    }

    /// <summary>Every form an id or pseudonym could take on disk: text in both cases and (for ids) the 16 bytes in both orders.</summary>
    public static IEnumerable<(string Form, byte[] Bytes)> Forms(Guid id)
    {
        yield return ("id as lowercase text", Encoding.ASCII.GetBytes(id.ToString("D")));
        yield return ("id as uppercase text", Encoding.ASCII.GetBytes(id.ToString("D").ToUpperInvariant()));
        yield return ("id as hex without dashes", Encoding.ASCII.GetBytes(id.ToString("N")));
        yield return ("id as 16 bytes (.NET order)", id.ToByteArray());
        yield return ("id as 16 bytes (RFC 4122 order)", id.ToByteArray(bigEndian: true));
    }

    public static IEnumerable<(string Form, byte[] Bytes)> Forms(string pseudonym)
    {
        yield return ("pseudonym as text", Encoding.ASCII.GetBytes(pseudonym));
        yield return ("pseudonym as uppercase text", Encoding.ASCII.GetBytes(pseudonym.ToUpperInvariant()));
        yield return ("pseudonym as 16 bytes", Convert.FromHexString(pseudonym));
    }
}
