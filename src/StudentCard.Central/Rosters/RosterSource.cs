using System.IO.Compression;
using System.Text;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Where a roster comes from: a OneRoster bundle (a directory or .zip holding users.csv and, where
/// present, orgs.csv, enrollments.csv and classes.csv) or one plain CSV file with the users.csv columns.
/// </summary>
public sealed class RosterSource
{
    private readonly Dictionary<string, Func<TextReader>> _files;

    private RosterSource(string description, Dictionary<string, Func<TextReader>> files)
    {
        Description = description;
        _files = files;
    }

    public string Description { get; }

    public const string Users = "users.csv";
    public const string Orgs = "orgs.csv";
    public const string Enrollments = "enrollments.csv";
    public const string Classes = "classes.csv";

    public bool Has(string file) => _files.ContainsKey(file);

    public TextReader Open(string file) => _files[file]();

    /// <summary>Opens a path; throws <see cref="RosterFileException"/> with what to do when it is not a roster.</summary>
    public static RosterSource FromPath(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Known(Directory.EnumerateFiles(path).Select(f => (Path.GetFileName(f), (Func<TextReader>)(() => Reader(File.OpenRead(f))))));
            return Checked(path, files);
        }
        if (!File.Exists(path))
        {
            throw new RosterFileException($"No roster at '{path}': pass a OneRoster directory or .zip, or a CSV file with the users.csv columns.");
        }
        return path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            ? FromZip(path, () => File.OpenRead(path))
            : UsersOnly(path, () => File.OpenRead(path));
    }

    /// <summary>
    /// An uploaded roster held in memory (a .zip bundle or one users CSV): it never touches the disk, since the upload
    /// still carries the columns the import drops (email, phone, demographics).
    /// </summary>
    public static RosterSource FromUpload(byte[] content, bool zip) =>
        zip ? FromZip("the upload", () => new MemoryStream(content, writable: false)) : UsersOnly("the upload", () => new MemoryStream(content, writable: false));

    /// <summary>A source from in-memory file texts (tests and callers that already hold the files).</summary>
    public static RosterSource FromTexts(IReadOnlyDictionary<string, string> files) =>
        Checked("(in memory)", Known(files.Select(f => (f.Key, (Func<TextReader>)(() => new StringReader(f.Value))))));

    private static Dictionary<string, Func<TextReader>> Known(IEnumerable<(string Name, Func<TextReader> Open)> files)
    {
        var known = new Dictionary<string, Func<TextReader>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, open) in files)
        {
            if (name.Equals(Users, StringComparison.OrdinalIgnoreCase) || name.Equals(Orgs, StringComparison.OrdinalIgnoreCase)
                || name.Equals(Enrollments, StringComparison.OrdinalIgnoreCase) || name.Equals(Classes, StringComparison.OrdinalIgnoreCase))
            {
                known[name.ToLowerInvariant()] = open;
            }
        }
        return known;
    }

    private static RosterSource Checked(string description, Dictionary<string, Func<TextReader>> files) =>
        files.ContainsKey(Users)
            ? new RosterSource(description, files)
            : throw new RosterFileException($"'{description}' has no users.csv; a OneRoster export holds users.csv (and orgs.csv, enrollments.csv).");

    private static RosterSource UsersOnly(string description, Func<Stream> open) =>
        new(description, new Dictionary<string, Func<TextReader>>(StringComparer.OrdinalIgnoreCase) { [Users] = () => Reader(open()) });

    private static RosterSource FromZip(string description, Func<Stream> open)
    {
        try
        {
            using var archive = new ZipArchive(open(), ZipArchiveMode.Read);
            var names = archive.Entries.Where(e => !e.FullName.Contains('/')).Select(e => e.FullName).ToList();
            return Checked(description, Known(names.Select(name => (name, (Func<TextReader>)(() => Entry(open, name))))));
        }
        catch (InvalidDataException)
        {
            throw new RosterFileException($"'{description}' is not a readable zip file; export the OneRoster bundle again.");
        }
    }

    private static TextReader Entry(Func<Stream> open, string name)
    {
        // Read the entry whole so the archive can be closed at once; roster files are small next to memory.
        using var archive = new ZipArchive(open(), ZipArchiveMode.Read);
        using var reader = Reader(archive.GetEntry(name)!.Open());
        return new StringReader(reader.ReadToEnd());
    }

    private static StreamReader Reader(Stream stream) => new(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
}

/// <summary>A roster path that is not a readable roster; the message says what to pass instead.</summary>
public sealed class RosterFileException(string message) : Exception(message);
