using System.CommandLine;
using Microsoft.Extensions.Options;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Cli;

/// <summary>
/// "roster import PATH --preview|--commit [--full [--confirm-leavers]]": a OneRoster 1.1 bundle (directory or .zip) or a plain
/// users CSV into the vault. Progress goes to standard error; rows in error are listed and nothing is
/// imported (exit code 4); a roster past its limits (the "Rosters" settings, <see cref="RosterLimits"/>) is refused with
/// a message naming the file and nothing is imported (exit code 1). With --full, pupils of the export's schools it leaves
/// out leave; each school's leavers and the cards revoked after the grace are printed, and leavers past a school's share
/// are imported only with --confirm-leavers (otherwise nothing is, exit code 5).
/// </summary>
public static class RosterCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A OneRoster 1.1 directory or .zip (users.csv, orgs.csv, enrollments.csv), or one CSV with the users.csv columns." };
        var preview = new Option<bool>("--preview") { Description = "Show what the import would do; write nothing." };
        var commit = new Option<bool>("--commit") { Description = "Import, all or nothing." };
        var full = new Option<bool>("--full") { Description = "The export lists every pupil of its schools: pupils of those schools it leaves out leave." };
        var confirm = new Option<bool>("--confirm-leavers") { Description = "Commit even when more pupils leave a school than Rosters:MaxLeavingPercent allows unconfirmed." };
        var data = CliOptions.Data();
        var keys = CliOptions.Keys();
        var import = new Command("import", "Import a roster: pupils, their orgs, grades, classes and guardian links; contact details and demographics are dropped.")
        {
            path, preview, commit, full, confirm, data, keys,
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
            var mode = new RosterImportMode(parsed.GetValue(full), parsed.GetValue(confirm));
            var result = parsed.GetValue(commit)
                ? await importer.CommitAsync(source, mode, bar, cancellationToken)
                : await importer.PreviewAsync(source, mode, bar, cancellationToken);
            return Report(result, mode, parsed.GetValue(commit), CliOptions.Out(parsed), CliOptions.Error(parsed));
        });
        var roster = new Command("roster", "Roster imports from the student information system.");
        roster.Subcommands.Add(import);
        return roster;
    }

    private static int Report(RosterPreview result, RosterImportMode mode, bool committing, TextWriter output, TextWriter error)
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
        foreach (var school in result.Leavers)
        {
            output.WriteLine($"  {school}");
        }
        if (result.NeedsConfirmation && !mode.LeaversConfirmed)
        {
            error.WriteLine($"More pupils would leave {string.Join(", ", result.Leavers.Where(l => l.PastShare).Select(l => l.School))} than a full export may take unconfirmed"
                + " (Rosters:MaxLeavingPercent). Check that the file is the whole export of these schools, then run again with --confirm-leavers.");
            if (committing)
            {
                output.WriteLine($"Nothing was imported: {result}.");
                return CliExit.LeaversUnconfirmed;
            }
        }
        output.WriteLine(result.Committed ? $"Imported: {result}." : $"Preview (nothing written): {result}. Run with --commit to import.");
        return CliExit.Ok;
    }
}
