using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>
/// "staff add" creates an admin UI account and prints its generated password once (there is no default
/// password; the first sign-in must replace it); "staff list" shows the accounts.
/// </summary>
public static class StaffCommands
{
    public static Command Create()
    {
        var staff = new Command("staff", "Admin UI accounts.");
        staff.Subcommands.Add(Add());
        staff.Subcommands.Add(List());
        return staff;
    }

    private static Command Add()
    {
        var user = new Option<string>("--user") { Description = "The sign-in name: 3 to 64 letters, digits, '.', '-' or '_'.", Required = true };
        var role = new Option<StaffRole>("--role")
        {
            Description = $"What the account may do: {string.Join(", ", StaffRoles.Names)}.",
            Required = true,
            CustomParser = ParseRole,
        };
        role.CompletionSources.Add(StaffRoles.Names.ToArray());
        var name = new Option<string?>("--name") { Description = "Display name; default the user name." };
        var school = new Option<string?>("--school") { Description = "The school a school-admin acts for (required for that role)." };
        var data = CliOptions.Data();
        var add = new Command("add", "Create an account and print its one-time password, to be changed at the first sign-in; refused while Central runs.") { user, role, name, school, data };
        add.Validators.Add(result =>
        {
            // Checked here, before any store is touched, so the mistake is a usage error with the help pointer.
            if (result.GetResult(role)?.Tokens is [var token] && StaffRoles.TryParse(token.Value, out var given) && given.NeedsSchool()
                && string.IsNullOrWhiteSpace(result.GetValue(school)))
            {
                result.AddError($"A {given.Name()} account acts for one school: give --school \"School Name\".");
            }
        });
        add.SetAction(async (parsed, cancellationToken) =>
        {
            // Accounts are made before Central first starts (the first operator), or while it is stopped.
            using var stopped = StoppedCentral.Require(parsed.GetValue(data)!);
            var directory = await OpenAsync(parsed.GetValue(data)!, cancellationToken);
            var userName = parsed.GetValue(user)!;
            var staffRole = parsed.GetValue(role);
            var password = await directory.CreateAsync(userName, parsed.GetValue(name) ?? userName, staffRole, parsed.GetValue(school), cancellationToken);
            var output = CliOptions.Out(parsed);
            output.WriteLine($"Created {staffRole.Name()} account '{userName.Trim()}'. Its one-time password (shown only now; it must be changed at the first sign-in):");
            output.WriteLine(password);
            return CliExit.Ok;
        });
        return add;
    }

    private static Command List()
    {
        var data = CliOptions.Data();
        var list = new Command("list", "The accounts: user name, role, school, and a lockout if one is running.") { data };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            var directory = await OpenAsync(parsed.GetValue(data)!, cancellationToken);
            var output = CliOptions.Out(parsed);
            var accounts = await directory.ListAsync(cancellationToken);
            foreach (var account in accounts)
            {
                var locked = account.LockedUntil is { } until ? $" locked until {until:yyyy-MM-dd HH:mm} UTC" : "";
                output.WriteLine($"{account.UserName}\t{account.Role.Name()}\t{account.Scope ?? "-"}{locked}");
            }
            output.WriteLine($"{accounts.Count} accounts.");
            return CliExit.Ok;
        });
        return list;
    }

    private static StaffRole ParseRole(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (StaffRoles.TryParse(token, out var role))
        {
            return role;
        }
        result.AddError($"'{token}' is not a staff role; use one of: {string.Join(", ", StaffRoles.Names)}.");
        return default;
    }

    /// <summary>
    /// The staff store of a data directory, created or upgraded first (accounts may be made before Central
    /// first starts). The directory itself must exist, so a mistyped --data does not create a store nobody reads.
    /// </summary>
    private static async Task<StaffDirectory> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new CliFailure($"No Central data directory at '{dataDirectory}'; pass --data with Central:DataDirectory (keys generate --out DIR/keys.json creates it).");
        }
        var path = Path.Combine(dataDirectory, StaffDbContext.FileName);
        var builder = new DbContextOptionsBuilder<StaffDbContext>();
        SqliteStore.Configure(builder, path);
        var factory = new PooledDbContextFactory<StaffDbContext>(builder.Options);
        await StoreFiles.MigrateAsync(factory, cancellationToken);
        return new StaffDirectory(factory, Options.Create(new StaffOptions()), new SignInLimits.SignInThrottles(Options.Create(new SignInLimits.SignInLimitsOptions())), TimeProvider.System, NullLogger<StaffDirectory>.Instance);
    }
}
