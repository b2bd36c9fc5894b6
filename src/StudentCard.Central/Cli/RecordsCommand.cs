using System.CommandLine;
using Microsoft.Extensions.Options;
using StudentCard.Central.RecordsOfProcessing;
using StudentCard.Central.Retention;
using StudentCard.Central.Statistics;

namespace StudentCard.Central.Cli;

/// <summary>
/// "records --format md|json [--out FILE]": the records of processing (GDPR Art. 30) generated from
/// the same configuration Central starts with (appsettings, environment, and any further
/// "--Section:Key=value" arguments), so a retention above its hard maximum is refused here too.
/// </summary>
public static class RecordsCommand
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "records";

    /// <summary>Runs a "records …" command line; the same as <see cref="CentralCli.Run"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => CentralCli.Run(args, output, error);

    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "md (for people) or json (for tools).", Required = true };
        format.AcceptOnlyFromAmong("md", "json");
        var outFile = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var records = new Command("records", "The records of processing activities (GDPR Art. 30). Further arguments --Section:Key=value override settings.")
        {
            format,
            outFile,
        };
        records.TreatUnmatchedTokensAsErrors = false;
        records.SetAction(parsed => Run(parsed.GetValue(format)!, parsed.GetValue(outFile), CliOptions.Settings(parsed), CliOptions.Out(parsed)));
        return records;
    }

    private static int Run(string format, string? outFile, IReadOnlyList<string> settings, TextWriter output)
    {
        ProcessingRecords records;
        using (var app = CentralApp.Build([.. settings, "--Serilog:MinimumLevel:Default=Error"]))
        {
            var services = app.Services;
            records = RecordsBuilder.Build(
                services.GetRequiredService<IOptions<ProcessingOptions>>().Value,
                services.GetRequiredService<IOptions<RetentionOptions>>().Value,
                services.GetRequiredService<IOptions<StatisticsOptions>>().Value,
                services.GetRequiredService<TimeProvider>().GetUtcNow());
        }
        var text = format == "md" ? RecordsFormat.ToMarkdown(records) : RecordsFormat.ToJson(records);
        if (outFile is null)
        {
            output.Write(text);
            return CliExit.Ok;
        }
        File.WriteAllText(outFile, text);
        output.WriteLine($"Wrote the records of processing ({format}) to '{outFile}'.");
        return CliExit.Ok;
    }
}
