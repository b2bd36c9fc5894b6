using System.CommandLine;
using System.IO.Compression;
using System.Net.Http.Headers;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Cli;

/// <summary>
/// "roster import PATH --preview|--commit [--full [--confirm-leavers]] --account A": a OneRoster 1.1 bundle (directory or
/// .zip) or a plain users CSV into the vault, through the running Central's admin API as an operator and the Roster
/// page's background jobs: the roster is uploaded and previewed, and with --commit the preview, if it has no rows in
/// error, is committed. Progress goes to standard error; rows in error are listed and nothing is imported (exit code 4);
/// a roster past Central's limits (its "Rosters" settings, <see cref="RosterLimits"/>) is refused with a message naming
/// the file and nothing is imported (exit code 1). With --full, pupils of the export's schools it leaves out leave; each
/// school's leavers and the cards revoked after the grace are printed, and leavers past a school's share are imported
/// only with --confirm-leavers (otherwise nothing is, exit code 5).
/// </summary>
public static class RosterCommand
{
    public static Command Create(CliInput input)
    {
        var path = new Argument<string>("path") { Description = "A OneRoster 1.1 directory or .zip (users.csv, orgs.csv, enrollments.csv), or one CSV with the users.csv columns." };
        var preview = new Option<bool>("--preview") { Description = "Show what the import would do; write nothing." };
        var commit = new Option<bool>("--commit") { Description = "Preview, then import if no row is in error: all or nothing." };
        var full = new Option<bool>("--full") { Description = "The export lists every pupil of its schools: pupils of those schools it leaves out leave." };
        var confirm = new Option<bool>("--confirm-leavers") { Description = "Commit even when more pupils leave a school than Rosters:MaxLeavingPercent allows unconfirmed." };
        var import = new AdminApiCommand("import", "Import a roster: pupils, their orgs, grades, classes and guardian links; contact details and demographics are dropped.",
            input, "an operator", "roster imports (operators do)")
        {
            path, preview, commit, full, confirm,
        };
        import.Validators.Add(result =>
        {
            if (result.GetValue(preview) == result.GetValue(commit))
            {
                result.AddError("Give exactly one of --preview (show what would change) and --commit (import).");
            }
        });
        import.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var file = parsed.GetValue(path)!;
            // Checked here first, so a path that is no roster is said at once, naming it.
            RosterSource.FromPath(file, new RosterLimits());
            var output = CliOptions.Out(parsed);
            var error = CliOptions.Error(parsed);
            var confirmed = parsed.GetValue(confirm);
            var started = await UploadAsync(central, file, parsed.GetValue(full), cancellationToken);
            var previewed = await FollowAsync(central, started, error, cancellationToken);
            if (previewed.Errors > 0 || !parsed.GetValue(commit) || previewed.NeedsConfirmation && !confirmed)
            {
                return Report(previewed, confirmed, parsed.GetValue(commit), output, error);
            }
            var committing = await central.PostAsync<RosterJobStarted>(RosterRoutes.CommitPath(started.UploadId), new RosterCommitRequest(confirmed), cancellationToken);
            return Report(await FollowAsync(central, committing, error, cancellationToken), confirmed, committing: true, output, error);
        });
        var roster = new Command("roster", "Roster imports from the student information system.");
        roster.Subcommands.Add(import);
        return roster;
    }

    /// <summary>Sends the roster as the request body: a .zip as it is, a directory zipped on the way, anything else as a users CSV.</summary>
    private static async Task<RosterJobStarted> UploadAsync(AdminApiClient central, string path, bool full, CancellationToken cancellationToken)
    {
        var zip = Directory.Exists(path) || path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        await using var body = Directory.Exists(path) ? Zipped(path) : File.OpenRead(path);
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(zip ? RosterRoutes.ZipType : RosterRoutes.CsvType);
        return await central.SendAsync<RosterJobStarted>(new HttpRequestMessage(HttpMethod.Post, RosterRoutes.UploadPath(full)) { Content = content }, cancellationToken);
    }

    /// <summary>A directory's files in a zip held in a temporary file, deleted when closed.</summary>
    private static FileStream Zipped(string directory)
    {
        var zip = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                archive.CreateEntryFromFile(file, Path.GetFileName(file));
            }
        }
        zip.Position = 0;
        return zip;
    }

    /// <summary>Follows a job step by step, drawing its progress, until it finishes; its error is a <see cref="CliFailure"/>.</summary>
    private static async Task<RosterJobOutcome> FollowAsync(AdminApiClient central, RosterJobStarted job, TextWriter error, CancellationToken cancellationToken)
    {
        var bar = new TextProgressBar(error);
        var after = 0;
        while (true)
        {
            var state = await central.GetAsync<RosterJobAnswer>($"{job.JobUrl}?after={after}", cancellationToken);
            if (state.Sequence > after && state.Stage != RosterJobProgress.CheckStage)
            {
                bar.Report(new RosterProgress(state.Stage, state.Done, state.Total));
            }
            after = state.Sequence;
            if (state.Finished)
            {
                return state.Result ?? throw new CliFailure(state.Error ?? "The import was stopped; run it again.");
            }
        }
    }

    private static int Report(RosterJobOutcome result, bool confirmed, bool committing, TextWriter output, TextWriter error)
    {
        if (result.Errors > 0)
        {
            error.WriteLine($"{result.Errors} {(result.Errors == 1 ? "row" : "rows")} in error; nothing was imported. Fix these rows in the export and run the import again:");
            foreach (var problem in result.RowsInError)
            {
                error.WriteLine($"  {problem}");
            }
            output.WriteLine(result.Summary);
            return CliExit.RosterRejected;
        }
        foreach (var school in result.Leavers)
        {
            output.WriteLine($"  {school}");
        }
        if (result.NeedsConfirmation && !confirmed)
        {
            error.WriteLine($"More pupils would leave {string.Join(", ", result.SchoolsPastShare)} than a full export may take unconfirmed"
                + " (Rosters:MaxLeavingPercent). Check that the file is the whole export of these schools, then run again with --confirm-leavers.");
            if (committing)
            {
                output.WriteLine($"Nothing was imported: {result.Summary}.");
                return CliExit.LeaversUnconfirmed;
            }
        }
        output.WriteLine(result.Committed ? $"Imported: {result.Summary}." : $"Preview (nothing written): {result.Summary}. Run with --commit to import.");
        return CliExit.Ok;
    }
}
