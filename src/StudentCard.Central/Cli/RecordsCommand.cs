using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentCard.Central.Processing;
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
    private const string Usage = "usage: records --format md|json [--out FILE] [--Section:Key=value ...]";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "records";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        string? format = null;
        string? outFile = null;
        var settings = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length:
                    format = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                default:
                    settings.Add(args[i]);
                    break;
            }
        }
        if (format is not ("md" or "json"))
        {
            error.WriteLine(Usage);
            return 2;
        }

        RecordsOfProcessing records;
        try
        {
            using var app = CentralApp.Build([.. settings, "--Serilog:MinimumLevel:Default=Error"]);
            var services = app.Services;
            records = RecordsBuilder.Build(
                services.GetRequiredService<IOptions<ProcessingOptions>>().Value,
                services.GetRequiredService<IOptions<RetentionOptions>>().Value,
                services.GetRequiredService<IOptions<StatisticsOptions>>().Value,
                services.GetRequiredService<TimeProvider>().GetUtcNow());
        }
        catch (OptionsValidationException e)
        {
            error.WriteLine($"The configuration is not valid: {e.Message}");
            return 1;
        }

        var text = format == "md" ? RecordsFormat.ToMarkdown(records) : RecordsFormat.ToJson(records);
        if (outFile is null)
        {
            output.Write(text);
            return 0;
        }
        File.WriteAllText(outFile, text);
        output.WriteLine($"Wrote the records of processing ({format}) to '{outFile}'.");
        return 0;
    }
}
