using StudentCard.Core.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "keys" command line, run instead of the web host:
/// keys generate --out PATH, and keys export-reader --type TYPE --out PATH [--keys PATH].
/// </summary>
public static class KeyCommands
{
    private const string Usage =
        "usage: keys generate --out PATH\n" +
        "       keys export-reader --type gate|bus|library --out PATH [--keys data/keys.json]";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "keys";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            var options = Options(args.Skip(2));
            switch (args.ElementAtOrDefault(1))
            {
                case "generate":
                    return Generate(Required(options, "--out"), output, error);
                case "export-reader":
                    var type = ReaderTypes.Parse(Required(options, "--type"));
                    var source = options.GetValueOrDefault("--keys", Path.Combine("data", "keys.json"));
                    return ExportReader(source, type, Required(options, "--out"), output, error);
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is KeyFileException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    private static int Generate(string path, TextWriter output, TextWriter error)
    {
        // Overwriting keys would orphan every pseudonym made with them.
        if (File.Exists(path))
        {
            error.WriteLine($"The key file '{path}' already exists; refusing to overwrite it.");
            return 1;
        }
        KeyFile.Write(path, KeyRing.Generate());
        output.WriteLine($"Wrote a new key ring to '{path}' (owner-only). Keep it out of every database backup.");
        return 0;
    }

    private static int ExportReader(string source, ReaderType type, string path, TextWriter output, TextWriter error)
    {
        if (File.Exists(path))
        {
            error.WriteLine($"The key file '{path}' already exists; refusing to overwrite it.");
            return 1;
        }
        KeyFile.Write(path, KeyFile.Read(source).ForReader(type));
        output.WriteLine($"Wrote the site key and the {type.Name()} keys to '{path}' for a {type.Name()} agent.");
        return 0;
    }

    private static Dictionary<string, string> Options(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var name = items.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !items.MoveNext())
            {
                throw new ArgumentException($"Expected '--name value' pairs near '{name}'.\n{Usage}");
            }
            options[name] = items.Current;
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"Missing {name}.\n{Usage}");
}
