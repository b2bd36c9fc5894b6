using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "audit" command line, run instead of the web host: "audit verify [--data DIR]" walks the
/// audit chain from its last checkpoint and names the first bad entry. Exit code 0 intact, 3 broken.
/// It opens the audit store read-only in effect (it writes nothing), so it may run beside Central.
/// </summary>
public static class AuditCommands
{
    public const int Broken = 3;

    private const string Usage = "usage: audit verify [--data data]";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "audit";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.ElementAtOrDefault(1) != "verify" || (args.Length != 2 && (args.Length != 4 || args[2] != "--data")))
        {
            error.WriteLine(Usage);
            return 2;
        }
        var path = Path.Combine(args.Length == 4 ? args[3] : "data", AuditDbContext.FileName);
        if (!File.Exists(path))
        {
            error.WriteLine($"No audit store at '{path}'; pass --data with Central:DataDirectory.");
            return 1;
        }
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(builder, path);
        await using var db = new AuditDbContext(builder.Options);
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            error.WriteLine($"The audit store at '{path}' is from another version of Central; start Central once to upgrade it.");
            return 1;
        }
        var verification = await AuditVerifier.VerifyAsync(db);
        (verification.Intact ? output : error).WriteLine(verification.ToString());
        return verification.Intact ? 0 : Broken;
    }
}
