using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>
/// "audit verify [--data DIR]" walks the audit chain from its last checkpoint and names the first bad
/// entry. Exit code 0 intact, 3 broken. It writes nothing, so it may run beside Central.
/// </summary>
public static class AuditCommands
{
    public const int Broken = CliExit.AuditBroken;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "audit";

    /// <summary>Runs an "audit …" command line; the same as <see cref="CentralCli.RunAsync"/>.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => CentralCli.RunAsync(args, output, error);

    public static Command Create()
    {
        var data = CliOptions.Data();
        var verify = new Command("verify", "Check the audit chain and print its head hash to anchor elsewhere.") { data };
        verify.SetAction((parsed, cancellationToken) => VerifyAsync(parsed.GetValue(data)!, CliOptions.Out(parsed), CliOptions.Error(parsed), cancellationToken));
        var audit = new Command("audit", "The hash-chained audit log.");
        audit.Subcommands.Add(verify);
        return audit;
    }

    private static async Task<int> VerifyAsync(string dataDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, AuditDbContext.FileName);
        if (!File.Exists(path))
        {
            error.WriteLine($"No audit store at '{path}'; pass --data with Central:DataDirectory.");
            return CliExit.Failed;
        }
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(builder, path);
        await using var db = new AuditDbContext(builder.Options);
        try
        {
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                error.WriteLine($"The audit store at '{path}' is from another version of Central; start Central once to upgrade it.");
                return CliExit.Failed;
            }
            // The walk reads every entry; a long chain takes a while, so say what is under way.
            error.WriteLine($"Checking {await db.Entries.CountAsync(cancellationToken)} audit entries...");
        }
        catch (SqliteException e)
        {
            error.WriteLine(StoreFiles.Explain(path, e));
            return CliExit.Failed;
        }
        var verification = await AuditVerifier.VerifyAsync(db, cancellationToken);
        (verification.Intact ? output : error).WriteLine(verification.ToString());
        return verification.Intact ? CliExit.Ok : CliExit.AuditBroken;
    }
}
