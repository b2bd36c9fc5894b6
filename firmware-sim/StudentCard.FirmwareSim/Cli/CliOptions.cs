using System.Globalization;

namespace StudentCard.FirmwareSim.Cli;

/// <summary>The simulator's command line, parsed.</summary>
internal sealed record CliOptions(
    string? LinkPath,
    int? TcpPort,
    string Name,
    SimulatedCard? HeldCard,
    string? ScriptPath,
    bool ReadStdin,
    bool Quiet,
    System.Net.IPAddress? TcpBind = null)
{
    public const string Usage =
        "usage: StudentCard.FirmwareSim [--link PATH] [--tcp PORT] [--tcp-bind ADDRESS] [--name NAME] [--hold-card UIDHEX [--card classic|ntag|desfire]] [--script FILE] [--stdin] [--quiet]";

    /// <summary>Parses args; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static CliOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new CliOptions(null, null, "sim", null, null, false, false);
        string? heldUid = null;
        CardType? heldType = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "--stdin" or "--quiet")
            {
                options = flag == "--stdin" ? options with { ReadStdin = true } : options with { Quiet = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = flag.StartsWith("--", StringComparison.Ordinal) ? $"{flag} needs a value" : $"unexpected argument '{flag}'";
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--link":
                    options = options with { LinkPath = value };
                    break;
                case "--tcp" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535:
                    options = options with { TcpPort = port };
                    break;
                case "--tcp":
                    error = "--tcp needs a port number from 0 to 65535";
                    return null;
                case "--tcp-bind" when System.Net.IPAddress.TryParse(value, out var address):
                    options = options with { TcpBind = address };
                    break;
                case "--tcp-bind":
                    error = "--tcp-bind needs an IP address (e.g. 0.0.0.0 to serve other hosts)";
                    return null;
                case "--name":
                    options = options with { Name = value };
                    break;
                case "--hold-card":
                    heldUid = value;
                    break;
                case "--card" when SimulatedCard.ParseType(value) is { } type:
                    heldType = type;
                    break;
                case "--card":
                    error = "--card needs classic, ntag or desfire";
                    return null;
                case "--script":
                    options = options with { ScriptPath = value };
                    break;
                default:
                    error = $"unknown option '{flag}'";
                    return null;
            }
        }

        if (heldType is not null && heldUid is null)
        {
            error = "--card says the type of the --hold-card card; give --hold-card too";
            return null;
        }

        if (heldUid is not null)
        {
            try
            {
                options = options with { HeldCard = SimulatedCard.FromHex(heldUid, heldType) };
            }
            catch (FormatException e)
            {
                error = $"--hold-card: {e.Message}";
                return null;
            }
        }

        if (options.LinkPath is not null && options.TcpPort is not null)
        {
            error = "--link is for the pseudo-terminal; it cannot be combined with --tcp";
            return null;
        }

        return options;
    }
}
