using StudentCard.Core.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "keys" command line, run instead of the web host:
/// keys generate, keys export-reader (an agent's file), keys export-desk (an enrollment desk's file: K_site only)
/// and keys rotate (begin or complete a purpose key rotation against the stores; see <see cref="RotateCommand"/>).
/// </summary>
public static class KeyCommands
{
    private const string Usage =
        "usage: keys generate --out PATH\n" +
        "       keys export-reader --type gate|bus|library --out PATH [--keys data/keys.json] [--replace true]\n" +
        "       keys export-desk --out PATH [--keys data/keys.json] [--replace true]\n" +
        "       keys rotate --type gate|bus|library [--complete true] [--keys data/keys.json] [--data data]";

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
                    return Export(Source(options), ring => ring.ForReader(type), Required(options, "--out"), Replace(options), output, error,
                        $"the site key and the {type.Name()} keys for a {type.Name()} agent");
                case "export-desk":
                    return Export(Source(options), ring => new KeyRing(ring.Site, []), Required(options, "--out"), Replace(options), output, error,
                        "the site key only, for an enrollment desk");
                case "rotate":
                    return RotateCommand.Run(
                        ReaderTypes.Parse(Required(options, "--type")),
                        complete: options.TryGetValue("--complete", out var complete) && bool.Parse(complete),
                        Source(options),
                        options.GetValueOrDefault("--data", "data"),
                        output,
                        error);
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is KeyFileException or FormatException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
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

    /// <summary>
    /// Writes a subset of Central's keys for an agent or a desk. Replacing an existing file is how a
    /// rotation's new key version reaches agents: they reload their key file when it changes.
    /// </summary>
    private static int Export(string source, Func<KeyRing, KeyRing> subset, string path, bool replace, TextWriter output, TextWriter error, string what)
    {
        if (File.Exists(path) && !replace)
        {
            error.WriteLine($"The key file '{path}' already exists; refusing to overwrite it (add --replace true after a key rotation).");
            return 1;
        }
        KeyFile.Write(path, subset(KeyFile.Read(source)));
        output.WriteLine($"Wrote {what} to '{path}'.");
        return 0;
    }

    private static string Source(Dictionary<string, string> options) =>
        options.GetValueOrDefault("--keys", Path.Combine("data", "keys.json"));

    private static bool Replace(Dictionary<string, string> options) =>
        options.TryGetValue("--replace", out var replace) && bool.Parse(replace);

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
