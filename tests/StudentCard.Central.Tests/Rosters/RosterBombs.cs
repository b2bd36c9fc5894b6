using System.IO.Compression;
using System.Text;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Rosters;

/// <summary>
/// Rosters made to exhaust whoever reads them: a zip of about two megabytes whose users.csv inflates to two gigabytes of
/// line breaks, or to tens of megabytes of pupil rows (each written from a repeating block, so neither the test nor the
/// zip ever holds the text), a zip of thousands of entries, and a CSV with one field of megabytes.
/// </summary>
internal static class RosterBombs
{
    public const string UsersHeader = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    private const string Row = "stu-700001,active,2026-09-01T00:00:00Z,true,org-north,student,stu-700001,,Pupil,Synthetic,,S700001,,,,,05,\r\n";

    /// <summary>How far the zip bomb's users.csv inflates.</summary>
    public const long BombBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>The zip bomb is made once for the test run: deflating two gigabytes takes seconds.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() => ZipBytes(BombBytes));

    /// <summary>The zip bomb's bytes, as an upload carries them: about two megabytes.</summary>
    public static byte[] BombZip => Bomb.Value;

    /// <summary>Writes the zip bomb to <paramref name="path"/>.</summary>
    public static string BombAt(string path)
    {
        File.WriteAllBytes(path, BombZip);
        return path;
    }

    /// <summary>
    /// Writes a zip whose one entry, users.csv, is the header and then <paramref name="bytes"/> of line breaks (deflate's
    /// best case, a thousand to one) or, with <paramref name="rows"/>, of one pupil row repeated (about three hundred to one).
    /// </summary>
    public static string Zip(string path, long bytes, bool rows = false)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        Entry(archive, "users.csv", bytes, rows);
        return path;
    }

    private static byte[] ZipBytes(long bytes)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(archive, "users.csv", bytes, rows: false);
        }
        return zip.ToArray();
    }

    /// <summary>Adds an entry of the header and <paramref name="bytes"/> of line breaks or, with <paramref name="rows"/>, pupil rows.</summary>
    public static void Entry(ZipArchive archive, string name, long bytes, bool rows = false)
    {
        using var target = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        Repeat(target, bytes, rows ? Row : "\r\n");
    }

    /// <summary>A zip holding <paramref name="count"/> empty entries besides a valid bundle.</summary>
    public static string ManyEntries(string path, int count)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in SyntheticOneRoster.Generate(3).Files())
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
        for (var i = 0; i < count; i++)
        {
            archive.CreateEntry($"padding-{i:D6}.csv");
        }
        return path;
    }

    /// <summary>A users.csv whose first pupil row is one field of <paramref name="characters"/> letters and no line break.</summary>
    public static string OversizedField(string path, int characters)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write(UsersHeader + "\r\n");
        var block = new string('A', 64 * 1024);
        for (var written = 0; written < characters; written += block.Length)
        {
            writer.Write(block.AsSpan(0, Math.Min(block.Length, characters - written)));
        }
        return path;
    }

    /// <summary>Rewrites the uncompressed size that a one-entry zip's local and central headers declare.</summary>
    public static void DeclareSize(string path, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var declared = BitConverter.GetBytes(size);
        // The local header (signature 50 4B 03 04) holds the size at offset 22, the central one (50 4B 01 02) at offset 24.
        declared.CopyTo(bytes, 22);
        var central = bytes.AsSpan().LastIndexOf("PK\x01\x02"u8);
        declared.CopyTo(bytes, central + 24);
        File.WriteAllBytes(path, bytes);
    }

    private static void Repeat(Stream target, long bytes, string unit)
    {
        var header = Encoding.UTF8.GetBytes(UsersHeader + "\r\n");
        target.Write(header);
        var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(unit, 64 * 1024 / unit.Length)));
        for (var written = (long)header.Length; written < bytes; written += block.Length)
        {
            target.Write(block);
        }
    }
}
