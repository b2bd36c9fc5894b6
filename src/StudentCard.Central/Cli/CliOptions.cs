using System.CommandLine;
using System.CommandLine.Parsing;

namespace StudentCard.Central.Cli;

/// <summary>Options and argument parsers several commands share.</summary>
public static class CliOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Central's data directory (Central:DataDirectory).",
        DefaultValueFactory = _ => "data",
    };

    public static Option<string?> Keys() => new("--keys")
    {
        Description = "Central's key file (Central:KeyFile); default <data>/keys.json.",
    };

    /// <summary>A required text option of 1 to <paramref name="maxLength"/> characters, not blank.</summary>
    public static Option<string> Text(string name, string description, int maxLength)
    {
        var option = new Option<string>(name) { Description = $"{description} 1-{maxLength} characters.", Required = true };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
            {
                result.AddError($"{name} takes 1-{maxLength} characters.");
            }
        });
        return option;
    }

    public static Option<ReaderType> Purpose(string name = "--type", bool required = true) => new(name)
    {
        Description = "gate, bus or library.",
        Required = required,
        CustomParser = ParsePurpose,
    };

    /// <summary>
    /// The "--Section:Key=value" settings after a command, passed to Central's configuration as at start
    /// (e.g. --DataSubjects:Country=FR); any other stray word is a usage error.
    /// </summary>
    public static IReadOnlyList<string> Settings(ParseResult parsed)
    {
        var stray = parsed.UnmatchedTokens.FirstOrDefault(t => !IsSetting(t));
        return stray is null
            ? parsed.UnmatchedTokens.ToList()
            : throw new CliUsageException($"Unrecognized argument '{stray}'. Settings are written --Section:Key=value.");
    }

    public static bool IsSetting(string token) => token.StartsWith("--", StringComparison.Ordinal) && token.Contains(':') && token.Contains('=');

    public static TextWriter Out(ParseResult parsed) => parsed.InvocationConfiguration.Output;

    public static TextWriter Error(ParseResult parsed) => parsed.InvocationConfiguration.Error;

    private static ReaderType ParsePurpose(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (ReaderTypes.TryParse(token, out var purpose))
        {
            return purpose;
        }
        result.AddError($"'{token}' is not a reader type; use gate, bus or library.");
        return default;
    }
}

/// <summary>A command line that parsed but makes no sense (a stray word, a contradictory pair of options): exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
