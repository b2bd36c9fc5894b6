using System.CommandLine;
using System.CommandLine.Help;
using Microsoft.Extensions.Options;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// Central's command line (System.CommandLine): key, audit, records, roster, data-subject, report,
/// reader, card, staff-account and lockdown commands for scripts and operators without a browser. Without one of these
/// commands Program starts the web host instead. Errors exit non-zero with a message saying what to do.
/// </summary>
public static class CentralCli
{
    private static readonly string[] Commands = ["keys", "audit", "records", "roster", "dsr", "retention", "statistics", "readers", "cards", "staff", "lockdown"];

    public static bool Handles(string[] args) => args.Length > 0 && (Commands.Contains(args[0]) || args[0] is "--help" or "-h" or "-?");

    public static RootCommand Create(CliInput input) =>
        new("StudentCard Central. Without a command it starts the service; with one it runs that operation against the stores and exits.")
        {
            KeyCommands.Create(),
            AuditCommands.Create(),
            RecordsCommand.Create(),
            RosterCommand.Create(input),
            DsrCommands.Create(input),
            ReportCommands.CreateRetention(),
            ReportCommands.CreateStatistics(),
            ReaderCommands.Create(input),
            CardCommands.Create(input),
            StaffCommands.Create(input),
            LockdownCommands.Create(input),
        };

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error).GetAwaiter().GetResult();

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, output, error, CliInput.Process, cancellationToken);

    /// <summary>Runs a command line with <paramref name="input"/> as its environment and standard input.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CliInput input, CancellationToken cancellationToken = default)
    {
        var parsed = Create(input).Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine(problem.Message);
            }
            error.WriteLine($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
            return CliExit.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliUsageException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
            return CliExit.Usage;
        }
        catch (Exception e) when (StoreFiles.Cause(e) is { } sqlite)
        {
            error.WriteLine(StoreFiles.Explain(null, sqlite));
            return CliExit.Failed;
        }
        catch (Exception e) when (IsExpected(e))
        {
            error.WriteLine(e is OptionsValidationException ? $"The configuration is not valid: {e.Message}" : e.Message);
            return CliExit.Failed;
        }
    }

    /// <summary>The failures a command reports as a message: bad input, refused steps, missing files. Anything else is a bug and keeps its stack trace.</summary>
    private static bool IsExpected(Exception e) =>
        e is CliFailure or KeyFileException or DataSubjectException or RosterFileException or EnrollmentException or ReaderRegistrationException or StaffAccountException
            or OptionsValidationException or IOException or UnauthorizedAccessException or FormatException or ArgumentException or InvalidOperationException;

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Command is RootCommand ? "central" : result.Command.Name);
        }
        return names;
    }
}
