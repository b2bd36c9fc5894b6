using System.CommandLine;
using StudentCard.Central.Keys;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "keys" commands: generate, export-reader (an agent's file), export-desk (an enrollment desk's
/// file: K_site only) and rotate (begin or complete a purpose key rotation against the stores; see <see cref="RotateCommand"/>).
/// </summary>
public static class KeyCommands
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "keys";

    /// <summary>Runs a "keys …" command line; the same as <see cref="CentralCli.Run"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => CentralCli.Run(args, output, error);

    public static Command Create()
    {
        var keys = new Command("keys", "Central's key file and the files agents and enrollment desks get from it.");

        var generateOut = new Option<string>("--out") { Description = "Where to write the new key ring (refused if it exists).", Required = true };
        var generate = new Command("generate", "Write a new key ring: the site key and one key per purpose; refused while a Central runs over its directory.") { generateOut };
        generate.SetAction(parsed => Generate(parsed.GetValue(generateOut)!, CliOptions.Out(parsed), CliOptions.Error(parsed)));

        var readerType = CliOptions.Purpose();
        var readerOut = OutOption();
        var readerSource = SourceOption();
        var readerReplace = ReplaceOption();
        var exportReader = new Command("export-reader", "Write an agent's key file: the site key and its purpose's key versions.") { readerType, readerOut, readerSource, readerReplace };
        exportReader.SetAction(parsed =>
        {
            var type = parsed.GetValue(readerType);
            return Export(parsed.GetValue(readerSource)!, ring => ring.ForReader(type), parsed.GetValue(readerOut)!, parsed.GetValue(readerReplace),
                CliOptions.Out(parsed), CliOptions.Error(parsed), $"the site key and the {type.Name()} keys for a {type.Name()} agent");
        });

        var deskOut = OutOption();
        var deskSource = SourceOption();
        var deskReplace = ReplaceOption();
        var exportDesk = new Command("export-desk", "Write an enrollment desk's key file: the site key only.") { deskOut, deskSource, deskReplace };
        exportDesk.SetAction(parsed => Export(parsed.GetValue(deskSource)!, ring => new KeyRing(ring.Site, []), parsed.GetValue(deskOut)!, parsed.GetValue(deskReplace),
            CliOptions.Out(parsed), CliOptions.Error(parsed), "the site key only, for an enrollment desk"));

        keys.Subcommands.Add(generate);
        keys.Subcommands.Add(exportReader);
        keys.Subcommands.Add(exportDesk);
        keys.Subcommands.Add(RotateCommand.Create());
        return keys;
    }

    private static Option<string> OutOption() => new("--out") { Description = "Where to write the key file.", Required = true };

    private static Option<string> SourceOption() => new("--keys")
    {
        Description = "Central's key file.",
        DefaultValueFactory = _ => Path.Combine("data", "keys.json"),
    };

    private static Option<bool> ReplaceOption() => new("--replace") { Description = "Overwrite an existing file (after a key rotation)." };

    private static int Generate(string path, TextWriter output, TextWriter error)
    {
        using var stopped = StoppedCentral.Require(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Overwriting keys would orphan every pseudonym made with them.
        if (File.Exists(path))
        {
            error.WriteLine($"The key file '{path}' already exists; refusing to overwrite it.");
            return CliExit.Failed;
        }
        KeyFile.Write(path, KeyRing.Generate());
        output.WriteLine($"Wrote a new key ring to '{path}' (owner-only). Keep it out of every database backup.");
        return CliExit.Ok;
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
            return CliExit.Failed;
        }
        KeyFile.Write(path, subset(KeyFile.Read(source)));
        output.WriteLine($"Wrote {what} to '{path}'.");
        return CliExit.Ok;
    }
}
