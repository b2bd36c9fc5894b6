using System.CommandLine;
using System.CommandLine.Parsing;
using StudentCard.Central.Audit;

namespace StudentCard.Central.Cli;

/// <summary>
/// A command that changes what a running Central serves, through its admin API: --account (whose password comes from
/// <see cref="AdminApiClient.PasswordVariable"/> or standard input) and --central, signed in before the action runs.
/// </summary>
public sealed class AdminApiCommand : Command
{
    private readonly CliInput _input;
    private readonly string _forbidden;
    private readonly Option<string> _account;
    private readonly Option<Uri> _central = new("--central")
    {
        Description = $"Central's admin UI address (default {AdminApiClient.DefaultCentral}).",
        DefaultValueFactory = _ => new Uri(AdminApiClient.DefaultCentral),
        CustomParser = ParseCentral,
    };

    /// <param name="who">Who may run it, for --account's description ("a school admin of the site's school").</param>
    /// <param name="forbidden">What another role lacks and who has it, for the refusal ("safety commands (school admins of the site's school do)").</param>
    public AdminApiCommand(string name, string description, CliInput input, string who, string forbidden) : base(name, description)
    {
        _input = input;
        _forbidden = forbidden;
        _account = CliOptions.Text("--account", $"The staff account to sign in as ({who}); its password comes from {AdminApiClient.PasswordVariable} or standard input.", AuditLog.MaxActorLength);
        Options.Add(_account);
        Options.Add(_central);
    }

    /// <summary>Runs <paramref name="action"/> with a signed-in client; it returns the exit code.</summary>
    public void SetApiAction(Func<ParseResult, AdminApiClient, CancellationToken, Task<int>> action) =>
        SetAction(async (parsed, cancellationToken) =>
        {
            using var client = await AdminApiClient.SignInAsync(parsed.GetValue(_central)!, parsed.GetValue(_account)!, _input, _forbidden, cancellationToken);
            return await action(parsed, client, cancellationToken);
        });

    internal static Uri ParseCentral(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(token, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        result.AddError($"--central must be an absolute http or https URL such as {AdminApiClient.DefaultCentral}.");
        return new Uri(AdminApiClient.DefaultCentral);
    }
}
