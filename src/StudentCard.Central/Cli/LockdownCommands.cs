using System.CommandLine;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Cli;

/// <summary>
/// "lockdown start|evacuate|lift --site S --reason R --account A [--override S-1,S-2] [--central URL]": the command given
/// to the running Central's admin API as the staff account A (<see cref="AdminApiClient"/>), so it is checked against the
/// account's school, stored, audited in the account's name and sent to the gate readers by the one process that holds the
/// broker connection. Exit code 0 done, 1 refused or Central unreachable, 2 usage.
/// </summary>
public static class LockdownCommands
{
    public static Command Create(CliInput input)
    {
        var lockdown = new Command("lockdown", "Lockdown and evacuation of a site's gates, through the running Central's admin API, as a school admin of the site's school.");
        lockdown.Subcommands.Add(Mode("start", SafetyRoutes.Lockdown, "Lock the site's gates: only the --override students' active cards still open them.", withOverride: true, input));
        lockdown.Subcommands.Add(Mode("evacuate", SafetyRoutes.Evacuate, "Release every gate of the site for everyone.", withOverride: false, input));
        lockdown.Subcommands.Add(Mode("lift", SafetyRoutes.Lift, "End a lockdown or evacuation: the gates decide by their allow-lists again.", withOverride: false, input));
        return lockdown;
    }

    private static Command Mode(string name, string path, string description, bool withOverride, CliInput input)
    {
        var site = new Option<string>("--site") { Description = "The site: 1-64 of a-z, 0-9 and '-', starting with a letter or digit.", Required = true };
        site.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Identifier.IsValid(value))
            {
                result.AddError($"'{value}' is not a site name: 1-64 of a-z, 0-9 and '-', starting with a letter or digit (e.g. north).");
            }
        });
        var reason = CliOptions.Text("--reason", "Why, for the audit log (no pupil names).", AuditLog.MaxReasonLength - 100);
        var overrides = new Option<string[]>("--override")
        {
            Description = "Student numbers whose active cards still open the gates, comma-separated (security staff, first responders).",
            CustomParser = result => result.Tokens
                .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray(),
        };
        var command = new AdminApiCommand(name, description, input, "a school admin of the site's school",
            "safety commands (school admins of the site's school do)") { site, reason };
        if (withOverride)
        {
            command.Options.Add(overrides);
        }
        command.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var request = new SiteModeRequest(parsed.GetValue(reason), withOverride ? parsed.GetValue(overrides) ?? [] : []);
            var done = await central.PostAsync<SiteModeResponse>(SafetyRoutes.Of(parsed.GetValue(site)!, path), request, cancellationToken);
            foreach (var line in done.Describe())
            {
                CliOptions.Out(parsed).WriteLine(line);
            }
            return CliExit.Ok;
        });
        return command;
    }
}
