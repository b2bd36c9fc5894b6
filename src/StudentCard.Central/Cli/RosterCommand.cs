using System.CommandLine;
using Microsoft.Extensions.Options;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Cli;

/// <summary>
/// "roster import PATH --preview|--commit": a OneRoster 1.1 bundle (directory or .zip) or a plain
/// users CSV into the vault. Progress goes to standard error; rows in error are listed and nothing is
/// imported (exit code 4); a roster past its limits (the "Rosters" settings, <see cref="RosterLimits"/>) is refused with
/// a message naming the file and nothing is imported (exit code 1).
/// </summary>
public static class RosterCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A OneRoster 1.1 directory or .zip (users.csv, orgs.csv, enrollments.csv), or one CSV with the users.csv columns." };
        var preview = new Option<bool>("--preview") { Description = "Show what the import would do; write nothing." };
        var commit = new Option<bool>("--commit") { Description = "Import, all or nothing." };
        var data = CliOptions.Data();
        var keys = CliOptions.Keys();
        var import = new Command("import", "Import a roster: pupils, their orgs, grades, classes and guardian links; contact details and demographics are dropped.")
        {
            path, preview, commit, data, keys,
        };
        import.TreatUnmatchedTokensAsErrors = false;
        import.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(preview) == parsed.GetValue(commit))
            {
                throw new CliUsageException("Give exactly one of --preview (show what would change) and --commit (import).");
            }
            var settings = CliOptions.Settings(parsed);
            await using var services = await CliServices.OpenAsync(parsed.GetValue(data)!, parsed.GetValue(keys), settings, cancellationToken);
            var source = RosterSource.FromPath(parsed.GetValue(path)!, services.Get<IOptions<RosterLimits>>().Value);
            var importer = services.Get<RosterImport>();
            var bar = new TextProgressBar(CliOptions.Error(parsed));
            var result = parsed.GetValue(commit)
                ? await importer.CommitAsync(source, bar, cancellationToken)
                : await importer.PreviewAsync(source, bar, cancellationToken);
            return Report(result, CliOptions.Out(parsed), CliOptions.Error(parsed));
        });
        var roster = new Command("roster", "Roster imports from the student information system.");
        roster.Subcommands.Add(import);
        return roster;
    }

    private static int Report(RosterPreview result, TextWriter output, TextWriter error)
    {
        if (result.HasErrors)
        {
            error.WriteLine($"{result.Errors.Count} {(result.Errors.Count == 1 ? "row" : "rows")} in error; nothing was imported. Fix these rows in the export and run the import again:");
            foreach (var problem in result.Errors)
            {
                error.WriteLine($"  {problem}");
            }
            output.WriteLine(result.ToString());
            return CliExit.RosterRejected;
        }
        output.WriteLine(result.Committed ? $"Imported: {result}." : $"Preview (nothing written): {result}. Run with --commit to import.");
        return CliExit.Ok;
    }
}
