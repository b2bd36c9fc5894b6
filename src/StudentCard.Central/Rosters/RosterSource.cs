using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Where a roster comes from: a OneRoster bundle (a directory or .zip holding users.csv and, where
/// present, orgs.csv, enrollments.csv and classes.csv) or one plain CSV file with the users.csv columns.
/// Files are streamed within <see cref="RosterLimits"/>; a zip's other entries are never decompressed.
/// </summary>
public sealed class RosterSource
{
    private readonly Dictionary<string, Func<RosterReadTotal, TextReader>> _files;

    private RosterSource(string description, RosterLimits limits, Dictionary<string, Func<RosterReadTotal, TextReader>> files)
    {
        Description = description;
        Limits = limits;
        _files = files;
    }

    public string Description { get; }

    public RosterLimits Limits { get; }

    public const string Users = "users.csv";
    public const string Orgs = "orgs.csv";
    public const string Enrollments = "enrollments.csv";
    public const string Classes = "classes.csv";

    private static readonly string[] Read = [Users, Orgs, Enrollments, Classes];

    public bool Has(string file) => _files.ContainsKey(file);

    /// <summary>Opens one file for reading, its bytes counted against its own limit and, in <paramref name="total"/>, the roster's.</summary>
    public TextReader Open(string file, RosterReadTotal total) => _files[file](total);

    /// <summary>Opens a path; throws <see cref="RosterFileException"/> with what to do when it is not a roster.</summary>
    public static RosterSource FromPath(string path, RosterLimits limits)
    {
        if (Directory.Exists(path))
        {
            var files = Known(Directory.EnumerateFiles(path).Select(f => (Path.GetFileName(f), Opener(() => File.OpenRead(f), Path.GetFileName(f).ToLowerInvariant(), limits))));
            return Checked(path, limits, files);
        }
        if (!File.Exists(path))
        {
            throw new RosterFileException($"No roster at '{path}': pass a OneRoster directory or .zip, or a CSV file with the users.csv columns.");
        }
        return path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? FromZip(path, () => File.OpenRead(path), limits)
            : UsersOnly(path, () => File.OpenRead(path), limits);
    }

    /// <summary>An uploaded roster kept at <paramref name="path"/> (a .zip bundle or one users CSV), reported as "the upload".</summary>
    public static RosterSource FromUpload(string path, bool zip, RosterLimits limits) =>
        zip ? FromZip("the upload", () => File.OpenRead(path), limits) : UsersOnly("the upload", () => File.OpenRead(path), limits);

    /// <summary>A source from in-memory file texts (tests and callers that already hold the files).</summary>
    public static RosterSource FromTexts(IReadOnlyDictionary<string, string> files, RosterLimits? limits = null) =>
        Checked("(in memory)", limits ?? new RosterLimits(), Known(files.Select(f => (f.Key, (Func<RosterReadTotal, TextReader>)(_ => new StringReader(f.Value))))));

    private static bool IsRead(string name) => Read.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, Func<RosterReadTotal, TextReader>> Known(IEnumerable<(string Name, Func<RosterReadTotal, TextReader> Open)> files)
    {
        var known = new Dictionary<string, Func<RosterReadTotal, TextReader>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, open) in files.Where(f => IsRead(f.Name)))
        {
            known[name.ToLowerInvariant()] = open;
        }
        return known;
    }

    private static RosterSource Checked(string description, RosterLimits limits, Dictionary<string, Func<RosterReadTotal, TextReader>> files) =>
        files.ContainsKey(Users)
            ? new RosterSource(description, limits, files)
            : throw new RosterFileException($"'{description}' has no users.csv; a OneRoster export holds users.csv (and orgs.csv, enrollments.csv).");

    private static RosterSource UsersOnly(string description, Func<Stream> open, RosterLimits limits) =>
        new(description, limits, new Dictionary<string, Func<RosterReadTotal, TextReader>>(StringComparer.OrdinalIgnoreCase) { [Users] = Opener(open, Users, limits) });

    private static Func<RosterReadTotal, TextReader> Opener(Func<Stream> open, string file, RosterLimits limits) =>
        total => Reader(new RosterFileStream(open(), file, null, limits, total));

    private static RosterSource FromZip(string description, Func<Stream> open, RosterLimits limits)
    {
        try
        {
            // ZipArchive reads the whole central directory, an object per entry; a count past the limit is refused before.
            using (var zip = open())
            {
                if (DeclaredEntries(zip) is { } declared && declared > limits.MaxZipEntries)
                {
                    throw TooManyEntries(description, declared, limits);
                }
            }
            // No entry is decompressed here; the count the directory really holds is checked again.
            using var archive = new ZipArchive(open(), ZipArchiveMode.Read);
            if (archive.Entries.Count > limits.MaxZipEntries)
            {
                throw TooManyEntries(description, archive.Entries.Count, limits);
            }
            var names = archive.Entries.Where(e => !e.FullName.Contains('/')).Select(e => e.FullName).ToList();
            if (names.Where(IsRead).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new RosterFileException($"'{description}' holds {twice.Key.ToLowerInvariant()} twice; export the OneRoster bundle again. Nothing was imported.");
            }
            return Checked(description, limits, Known(names.Select(name => (name, (Func<RosterReadTotal, TextReader>)(total => Entry(open, name, limits, total))))));
        }
        catch (InvalidDataException)
        {
            throw new RosterFileException($"'{description}' is not a readable zip file; export the OneRoster bundle again.");
        }
    }

    private static RosterFileException TooManyEntries(string description, int entries, RosterLimits limits) =>
        new($"'{description}' holds {entries} entries, more than the {limits.MaxZipEntries} a OneRoster export needs; nothing was imported.");

    /// <summary>
    /// The entry count the zip's end of central directory record declares, read from the file's last bytes; null when there
    /// is no such record (ZipArchive then finds the zip unreadable) or the count is in a zip64 record (65,535 or more).
    /// </summary>
    private static int? DeclaredEntries(Stream zip)
    {
        const int Record = 22;
        var tail = new byte[(int)Math.Min(zip.Length, Record + ushort.MaxValue)];
        zip.Seek(-tail.Length, SeekOrigin.End);
        zip.ReadExactly(tail);
        var at = tail.AsSpan().LastIndexOf("PK\x05\x06"u8);
        if (at < 0 || at + Record > tail.Length)
        {
            return null;
        }
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
        return count == ushort.MaxValue ? null : count;
    }

    /// <summary>One entry, decompressed as it is read; disposing the reader closes the archive.</summary>
    private static TextReader Entry(Func<Stream> open, string name, RosterLimits limits, RosterReadTotal total)
    {
        var archive = new ZipArchive(open(), ZipArchiveMode.Read);
        try
        {
            var entry = archive.GetEntry(name)!;
            var file = name.ToLowerInvariant();
            if (entry.Length > limits.MaxFileBytes)
            {
                // The declared size is only a shortcut to the refusal: a smaller one cuts the file short (ZipArchive gives no
                // more than an entry declares), and the stream counts what it gives either way.
                throw RosterFileStream.TooLarge(file, limits);
            }
            return Reader(new RosterFileStream(entry.Open(), file, entry.CompressedLength, limits, total, archive));
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static StreamReader Reader(Stream stream) => new(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
}

/// <summary>A roster path that is not a readable roster, or one past its limits; the message says what to pass instead.</summary>
public sealed class RosterFileException(string message) : Exception(message);
