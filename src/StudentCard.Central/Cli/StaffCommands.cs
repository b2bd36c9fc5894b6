using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin;
using StudentCard.Central.Admin.Staff;
using StudentCard.Central.Admin.Stores;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "staff" command line, run instead of the web host: "staff add" creates an admin UI account and
/// prints its generated password once (there is no default password); "staff list" shows the accounts.
/// The first sign-in must replace the generated password.
/// </summary>
public static class StaffCommands
{
    private static readonly string Usage =
        "usage: staff add --user NAME --role " + string.Join("|", StaffRoles.Names) + " [--name \"Display Name\"] [--school SCHOOL] [--data data]\n" +
        "       staff list [--data data]";

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "staff";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryOptions(args.Skip(2).ToArray(), out var options))
        {
            error.WriteLine(Usage);
            return 2;
        }
        var directory = await OpenAsync(options.GetValueOrDefault("--data") ?? "data");
        try
        {
            switch (args.ElementAtOrDefault(1))
            {
                case "add" when options.TryGetValue("--user", out var user) && options.TryGetValue("--role", out var roleName):
                    if (!StaffRoles.TryParse(roleName, out var role))
                    {
                        error.WriteLine($"Unknown role '{roleName}'; one of: {string.Join(", ", StaffRoles.Names)}.");
                        return 2;
                    }
                    var password = await directory.CreateAsync(user, options.GetValueOrDefault("--name") ?? user, role, options.GetValueOrDefault("--school"));
                    output.WriteLine($"Created {role.Name()} account '{user}'. Its one-time password (shown only now; it must be changed at the first sign-in):");
                    output.WriteLine(password);
                    return 0;
                case "list":
                    foreach (var account in await directory.ListAsync())
                    {
                        var locked = account.LockedUntil is { } until ? $" locked until {until:yyyy-MM-dd HH:mm} UTC" : "";
                        output.WriteLine($"{account.UserName}\t{account.Role.Name()}\t{account.Scope ?? "-"}{locked}");
                    }
                    return 0;
                default:
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (StaffAccountException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>The staff store of a data directory, created or upgraded first (it may be run before Central ever started).</summary>
    private static async Task<StaffDirectory> OpenAsync(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, AdminDbContext.FileName);
        SqliteStore.EnsureDirectoryFor(path);
        var builder = new DbContextOptionsBuilder<AdminDbContext>();
        SqliteStore.Configure(builder, path);
        var factory = new PooledDbContextFactory<AdminDbContext>(builder.Options);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }
        return new StaffDirectory(factory, Options.Create(new AdminOptions()), TimeProvider.System, NullLogger<StaffDirectory>.Instance);
    }

    private static bool TryOptions(string[] args, out Dictionary<string, string> options)
    {
        options = [];
        if (args.Length % 2 != 0)
        {
            return false;
        }
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !options.TryAdd(args[i], args[i + 1]))
            {
                return false;
            }
        }
        return true;
    }
}
