using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.Hosting;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>
/// Staff accounts on the command line. While Central runs, every command goes through its admin API signed in as an
/// operator (--account; password from STUDENTCARD_PASSWORD or standard input), so the change is checked, audited in that
/// operator's name and reaches open sessions at once. "staff add" and "staff list" without --account work on the staff
/// store directly and only while Central is stopped: that is how the first operator is made. A generated password is
/// printed once; it must be changed at the next sign-in.
/// </summary>
public static class StaffCommands
{
    private const string Who = "an operator";
    private const string Forbidden = "staff account changes (operators do)";

    public static Command Create(CliInput input)
    {
        var staff = new Command("staff", "Admin UI accounts.");
        staff.Subcommands.Add(Add(input));
        staff.Subcommands.Add(List(input));
        staff.Subcommands.Add(Change(input, "disable", "Disable an account: it can no longer sign in and its open sessions end at their next request.", "is disabled; its open sessions end at their next request."));
        staff.Subcommands.Add(Change(input, "enable", "Enable a disabled account again.", "is enabled."));
        staff.Subcommands.Add(Change(input, "unlock", "End a lockout after repeated failed sign-ins now, rather than when it runs out.", "is unlocked."));
        staff.Subcommands.Add(Change(input, "require-password-change", "When a compromise is suspected: end the account's open sessions and require a new password at its next sign-in.",
            "must choose a new password at its next sign-in; its open sessions end now."));
        staff.Subcommands.Add(ResetPassword(input));
        staff.Subcommands.Add(SetRole(input));
        staff.Subcommands.Add(SetSchool(input));
        return staff;
    }

    private static Command Add(CliInput input)
    {
        var user = new Option<string>("--user") { Description = "The sign-in name: 3 to 64 letters, digits, '.', '-' or '_'.", Required = true };
        var role = RoleOption();
        var name = new Option<string?>("--name") { Description = "Display name; default the user name." };
        var school = School("The school a school-admin acts for (required for that role).");
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log; default \"added with the staff add command\"." };
        var data = CliOptions.Data();
        var account = Account();
        var central = Central();
        var add = new Command("add", "Create an account and print its one-time password, to be changed at the first sign-in. With --account through the running "
            + "Central's admin API (as an operator); without, directly in --data's staff store while Central is stopped (the first operator).")
        { user, role, name, school, reason, data, account, central };
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
            var userName = parsed.GetValue(user)!.Trim();
            var staffRole = parsed.GetValue(role);
            var why = parsed.GetValue(reason) ?? "added with the staff add command";
            string password;
            if (parsed.GetValue(account) is { } operatorName)
            {
                using var client = await AdminApiClient.SignInAsync(parsed.GetValue(central)!, operatorName, input, Forbidden, cancellationToken);
                var created = await client.PostAsync<StaffPasswordResponse>(StaffRoutes.Prefix,
                    new StaffCreateRequest(userName, parsed.GetValue(name), staffRole.Name(), parsed.GetValue(school), why), cancellationToken);
                password = created.OneTimePassword;
            }
            else
            {
                using var stopped = CentralStopped(parsed.GetValue(data)!);
                var directory = await OpenAsync(parsed.GetValue(data)!, cancellationToken);
                password = await directory.CreateAsync(CommandLineActor, userName, parsed.GetValue(name) ?? userName, staffRole, parsed.GetValue(school), why, cancellationToken);
            }
            var output = CliOptions.Out(parsed);
            output.WriteLine($"Created {staffRole.Name()} account '{userName}'. Its one-time password (shown only now; it must be changed at the first sign-in):");
            output.WriteLine(password);
            return CliExit.Ok;
        });
        return add;
    }

    private static Command List(CliInput input)
    {
        var data = CliOptions.Data();
        var account = Account();
        var central = Central();
        var list = new Command("list", "The accounts: user name, role, school, and whether disabled, locked or due a new password. With --account from the running Central.")
        { data, account, central };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            IReadOnlyList<StaffAccountView> accounts;
            if (parsed.GetValue(account) is { } operatorName)
            {
                using var client = await AdminApiClient.SignInAsync(parsed.GetValue(central)!, operatorName, input, Forbidden, cancellationToken);
                accounts = await client.GetAsync<List<StaffAccountView>>(StaffRoutes.Prefix, cancellationToken);
            }
            else
            {
                var directory = await OpenAsync(parsed.GetValue(data)!, cancellationToken);
                accounts = (await directory.ListAsync(cancellationToken)).Select(a => StaffAccountView.Of(a, directory.IsExpired(a))).ToList();
            }
            var output = CliOptions.Out(parsed);
            foreach (var view in accounts)
            {
                var locked = view.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? $" locked until {until:yyyy-MM-dd HH:mm} UTC" : "";
                var disabled = view.Disabled ? " disabled" : "";
                output.WriteLine($"{view.UserName}\t{view.Role}\t{view.School ?? "-"}{disabled}{locked}");
            }
            output.WriteLine($"{accounts.Count} accounts.");
            return CliExit.Ok;
        });
        return list;
    }

    private static Command ResetPassword(CliInput input)
    {
        var user = Target();
        var reason = Reason();
        var reset = new AdminApiCommand("reset-password", "Replace an account's password with a one-time password printed once: its open sessions end and a new password must be chosen at its next sign-in.",
            input, Who, Forbidden) { user, reason };
        reset.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var done = await central.PostAsync<StaffPasswordResponse>(StaffRoutes.Account(parsed.GetValue(user)!.Trim(), "reset-password"), new StaffChangeRequest(parsed.GetValue(reason)), cancellationToken);
            var output = CliOptions.Out(parsed);
            output.WriteLine($"The password of '{done.UserName}' is reset. Its one-time password (shown only now; it must be changed at the next sign-in):");
            output.WriteLine(done.OneTimePassword);
            return CliExit.Ok;
        });
        return reset;
    }

    private static Command SetRole(CliInput input)
    {
        var user = Target();
        var role = RoleOption();
        var school = School("The school the new role acts for (required for school-admin; none for dpo and operator).");
        var reason = Reason();
        var command = new AdminApiCommand("set-role", "Give an account another role; its open sessions carry the new role from their next request.", input, Who, Forbidden)
        { user, role, school, reason };
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var userName = parsed.GetValue(user)!.Trim();
            var staffRole = parsed.GetValue(role);
            await central.PostAsync(StaffRoutes.Account(userName, "role"), new StaffRoleRequest(staffRole.Name(), parsed.GetValue(school), parsed.GetValue(reason)), cancellationToken);
            CliOptions.Out(parsed).WriteLine($"'{userName}' is now a {StaffRules.Describe(staffRole, string.IsNullOrWhiteSpace(parsed.GetValue(school)) ? null : parsed.GetValue(school)!.Trim())}.");
            return CliExit.Ok;
        });
        return command;
    }

    private static Command SetSchool(CliInput input)
    {
        var user = Target();
        var school = School("The school the account acts for from now on; omit for none where the role allows.");
        var reason = Reason();
        var command = new AdminApiCommand("set-school", "Move an account to another school, keeping its role; its open sessions follow at their next request.", input, Who, Forbidden)
        { user, school, reason };
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var userName = parsed.GetValue(user)!.Trim();
            await central.PostAsync(StaffRoutes.Account(userName, "school"), new StaffSchoolRequest(parsed.GetValue(school), parsed.GetValue(reason)), cancellationToken);
            CliOptions.Out(parsed).WriteLine($"'{userName}' now acts for {(string.IsNullOrWhiteSpace(parsed.GetValue(school)) ? "no one school" : parsed.GetValue(school)!.Trim())}.");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>A change that takes only the account and a reason, through the running Central; the command is named as its API route.</summary>
    private static Command Change(CliInput input, string name, string description, string done)
    {
        var user = Target();
        var reason = Reason();
        var command = new AdminApiCommand(name, description, input, Who, Forbidden) { user, reason };
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var userName = parsed.GetValue(user)!.Trim();
            await central.PostAsync(StaffRoutes.Account(userName, name), new StaffChangeRequest(parsed.GetValue(reason)), cancellationToken);
            CliOptions.Out(parsed).WriteLine($"'{userName}' {done}");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Who a change made directly in the staff store is audited as: the operating-system user running the command.</summary>
    private static string CommandLineActor
    {
        get
        {
            var actor = $"command line ({Environment.UserName})";
            return actor.Length <= AuditLog.MaxActorLength ? actor : actor[..AuditLog.MaxActorLength];
        }
    }

    private static Option<string> Target() =>
        new("--user") { Description = "The account's sign-in name.", Required = true };

    private static Option<string> Reason() =>
        CliOptions.Text("--reason", "Why, for the audit log; at least 5 characters.", StaffRules.MaxReasonLength);

    private static Option<string?> School(string description) => new("--school") { Description = description };

    private static Option<string?> Account() => new("--account")
    {
        Description = $"An operator account to sign in to the running Central as (its password from {AdminApiClient.PasswordVariable} or standard input); without it the command works on --data while Central is stopped.",
    };

    private static Option<Uri> Central() => new("--central")
    {
        Description = $"Central's admin UI address, with --account (default {AdminApiClient.DefaultCentral}).",
        DefaultValueFactory = _ => new Uri(AdminApiClient.DefaultCentral),
        CustomParser = AdminApiCommand.ParseCentral,
    };

    private static Option<StaffRole> RoleOption()
    {
        var role = new Option<StaffRole>("--role")
        {
            Description = $"What the account may do: {string.Join(", ", StaffRoles.Names)}.",
            Required = true,
            CustomParser = ParseRole,
        };
        role.CompletionSources.Add(StaffRoles.Names.ToArray());
        return role;
    }

    /// <summary>The data directory's lock for a direct change; while Central runs, the change goes through its admin API instead.</summary>
    private static IDisposable CentralStopped(string dataDirectory)
    {
        try
        {
            return StoppedCentral.Require(dataDirectory);
        }
        catch (CliFailure)
        {
            throw new CliFailure($"Central is running (it holds '{CentralLock.PathIn(dataDirectory)}'): add the account through it with --account and an operator's sign-in, or stop Central first. Nothing was changed.");
        }
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
        var auditBuilder = new DbContextOptionsBuilder<AuditDbContext>();
        SqliteStore.Configure(auditBuilder, Path.Combine(dataDirectory, AuditDbContext.FileName));
        var audit = new PooledDbContextFactory<AuditDbContext>(auditBuilder.Options);
        await StoreFiles.MigrateAsync(audit, cancellationToken);
        return new StaffDirectory(factory, Options.Create(new StaffOptions()), new SignInLimits.SignInThrottles(Options.Create(new SignInLimits.SignInLimitsOptions())),
            new AuditLog(audit, TimeProvider.System, NullLogger<AuditLog>.Instance), TimeProvider.System, NullLogger<StaffDirectory>.Instance);
    }
}
