using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Cli;

/// <summary>
/// "lockdown start|evacuate|lift --site S --reason R --account A [--override S-1,S-2] [--central URL]". It signs in to the
/// running Central's admin API as the staff account A (the password from STUDENTCARD_PASSWORD, or the first line of a
/// redirected standard input; never an argument) and gives the command there, so it is checked against the account's
/// school, stored, audited in the account's name and sent to the gate readers by the one process that holds the broker
/// connection. Exit code 0 done, 1 refused or Central unreachable, 2 usage.
/// </summary>
public static class LockdownCommands
{
    public const string DefaultCentral = "http://127.0.0.1:5081";

    public const string PasswordVariable = "STUDENTCARD_PASSWORD";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

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
        var reason = Text("--reason", "Why, for the audit log (no pupil names).", AuditLog.MaxReasonLength - 100);
        var account = Text("--account", $"The staff account to sign in as (a school admin of the site's school); its password comes from {PasswordVariable} or standard input.", AuditLog.MaxActorLength);
        var central = new Option<Uri>("--central")
        {
            Description = $"Central's admin UI address (default {DefaultCentral}).",
            DefaultValueFactory = _ => new Uri(DefaultCentral),
            CustomParser = ParseCentral,
        };
        var overrides = new Option<string[]>("--override")
        {
            Description = "Student numbers whose active cards still open the gates, comma-separated (security staff, first responders).",
            CustomParser = result => result.Tokens
                .SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray(),
        };
        var command = new Command(name, description) { site, reason, account, central };
        if (withOverride)
        {
            command.Options.Add(overrides);
        }
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var error = CliOptions.Error(parsed);
            if (await PasswordAsync(input) is not { } password)
            {
                error.WriteLine($"No password: set {PasswordVariable} or pass it on standard input (never as an argument). Nothing was sent.");
                return CliExit.Failed;
            }
            var request = new SiteModeRequest(parsed.GetValue(reason), withOverride ? parsed.GetValue(overrides) ?? [] : []);
            using var client = Client(parsed.GetValue(central)!);
            return await SendAsync(client, parsed.GetValue(account)!, password, SafetyRoutes.Of(parsed.GetValue(site)!, path), request, CliOptions.Out(parsed), error, cancellationToken);
        });
        return command;
    }

    /// <summary>The environment variable when set, else the first line of a redirected standard input.</summary>
    private static async Task<string?> PasswordAsync(CliInput input)
    {
        if (input.Environment(PasswordVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        return input.RedirectedInput is { } stdin && await stdin.ReadLineAsync() is { Length: > 0 } line ? line : null;
    }

    private static async Task<int> SendAsync(HttpClient client, string account, string password, string path, SiteModeRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            string cookies;
            using (var signIn = await client.PostAsJsonAsync(StaffSignInRequest.Path, new StaffSignInRequest(account, password), JsonOptions, cancellationToken))
            {
                if (!signIn.IsSuccessStatusCode)
                {
                    error.WriteLine($"Sign-in refused: {await SignInRefusalAsync(signIn, client.BaseAddress!, cancellationToken)} Nothing was changed.");
                    return CliExit.Failed;
                }
                cookies = Cookies(signIn);
            }
            using var command = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(request, options: JsonOptions) };
            command.Headers.Add("Cookie", cookies);
            using var response = await client.SendAsync(command, cancellationToken);
            return await ReportAsync(response, output, error, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Could not reach Central at {client.BaseAddress}: {e.Message}. Is it running, and is --central its admin UI's address? Nothing was sent.");
            return CliExit.Failed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"Central at {client.BaseAddress} did not answer within {Timeout.TotalSeconds:0} seconds. Check it is running and healthy (/readyz), then run the command again; the command may or may not have been stored.");
            return CliExit.Failed;
        }
    }

    private static async Task<int> ReportAsync(HttpResponseMessage response, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            var why = await RefusalAsync(response, cancellationToken)
                ?? "this account's role gives no safety commands (school admins of the site's school do). Nothing was changed.";
            error.WriteLine($"Refused: {why}");
            return CliExit.Failed;
        }
        if (!response.IsSuccessStatusCode)
        {
            error.WriteLine($"Central answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was changed. Check --central points at Central's admin UI.");
            return CliExit.Failed;
        }
        var done = await response.Content.ReadFromJsonAsync<SiteModeResponse>(JsonOptions, cancellationToken)
            ?? throw new CliFailure("Central answered with an empty body; check the site's mode in the admin UI.");
        foreach (var line in done.Describe())
        {
            output.WriteLine(line);
        }
        return CliExit.Ok;
    }

    /// <summary>Central's reason for refusing the sign-in; any other answer means the address is no admin UI (the gRPC port, say).</summary>
    private static async Task<string> SignInRefusalAsync(HttpResponseMessage response, Uri central, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Central's sign-in limits answer in plain text with the wait.
            return (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        }
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            try
            {
                if (JsonSerializer.Deserialize<StaffSignInRefusal>(await response.Content.ReadAsStringAsync(cancellationToken), JsonOptions)?.Error is { } why)
                {
                    return why;
                }
            }
            catch (JsonException)
            {
                // Not Central's sign-in answering: said below.
            }
        }
        return $"{central} answered {(int)response.StatusCode} {response.ReasonPhrase} to the sign-in; --central must be Central's admin UI address (setting Admin:Port, default {DefaultCentral}).";
    }

    /// <summary>Central's reason, or null when the refusal came from the web framework itself (no reason of Central's in the body).</summary>
    private static async Task<string?> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<SiteModeError>(body, JsonOptions)?.Error;
        }
        catch (JsonException)
        {
            return body.Length > 0 ? body : null;
        }
    }

    /// <summary>
    /// The sign-in cookie (in one or more chunks) as a Cookie header. The client keeps no cookie store: .NET's would not
    /// send the Secure cookie back over plain HTTP on loopback, where Central's admin UI listens by default.
    /// </summary>
    private static string Cookies(HttpResponseMessage signIn) =>
        string.Join("; ", (signIn.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            .Select(v => v.Split(';', 2)[0].Trim())
            .Where(pair => pair.Contains('=')));

    /// <summary>The admin UI speaks HTTP/1.1; no redirects, so a refusal is seen as the status it is.</summary>
    private static HttpClient Client(Uri central) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = central,
            Timeout = Timeout,
        };

    private static Option<string> Text(string name, string description, int maxLength)
    {
        var option = new Option<string>(name) { Description = $"{description} 1-{maxLength} characters.", Required = true };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
            {
                result.AddError($"{name} takes 1-{maxLength} characters.");
            }
        });
        return option;
    }

    private static Uri ParseCentral(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Uri.TryCreate(token, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }
        result.AddError($"--central must be an absolute http or https URL such as {DefaultCentral}.");
        return new Uri(DefaultCentral);
    }
}
