using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudentCard.Central.Audit;
using StudentCard.Central.Safety;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Cli;

/// <summary>
/// "lockdown start|evacuate|lift --site S --reason R --actor A [--override S-1,S-2] [--central URL]". It asks the
/// running Central (on this machine) over HTTP, so the command is stored, audited and sent to the gate readers by
/// the one process that holds the broker connection. Exit code 0 done, 1 refused or Central unreachable, 2 usage.
/// </summary>
public static class LockdownCommands
{
    public const string DefaultCentral = "http://127.0.0.1:5080";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var lockdown = new Command("lockdown", "Lockdown and evacuation of a site's gates, through the running Central on this machine.");
        lockdown.Subcommands.Add(Mode("start", "lockdown", "Lock the site's gates: only the --override students' active cards still open them.", withOverride: true));
        lockdown.Subcommands.Add(Mode("evacuate", "evacuate", "Release every gate of the site for everyone.", withOverride: false));
        lockdown.Subcommands.Add(Mode("lift", "lift", "End a lockdown or evacuation: the gates decide by their allow-lists again.", withOverride: false));
        return lockdown;
    }

    private static Command Mode(string name, string path, string description, bool withOverride)
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
        var actor = Text("--actor", "The admin giving the command, for the audit log.", AuditLog.MaxActorLength);
        var central = new Option<Uri>("--central")
        {
            Description = $"Central's address on this machine (default {DefaultCentral}).",
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
        var command = new Command(name, description) { site, reason, actor, central };
        if (withOverride)
        {
            command.Options.Add(overrides);
        }
        command.SetAction((parsed, cancellationToken) =>
        {
            var request = new SiteModeRequest(parsed.GetValue(actor), parsed.GetValue(reason), withOverride ? parsed.GetValue(overrides) ?? [] : []);
            return SendAsync(parsed.GetValue(central)!, parsed.GetValue(site)!, path, request, CliOptions.Out(parsed), CliOptions.Error(parsed), cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendAsync(Uri central, string site, string path, SiteModeRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var client = Client(central);
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync($"{SafetyEndpoints.Prefix}/{Uri.EscapeDataString(site)}/{path}", request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Could not reach Central at {central}: {e.Message}. Is it running (pass --central if it listens elsewhere)? Nothing was sent.");
            return CliExit.Failed;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"Central at {central} did not answer within {Timeout.TotalSeconds:0} seconds. Check it is running and healthy (/readyz), then run the command again; the command may or may not have been stored.");
            return CliExit.Failed;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                error.WriteLine($"Refused: {await RefusalAsync(response, cancellationToken)}");
                return CliExit.Failed;
            }
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                error.WriteLine("Central accepts safety commands from its own machine only; run this command there. Nothing was changed.");
                return CliExit.Failed;
            }
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"Central answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was changed. Check --central points at Central's gRPC port.");
                return CliExit.Failed;
            }
            var done = await response.Content.ReadFromJsonAsync<SiteModeResponse>(JsonOptions, cancellationToken)
                ?? throw new CliFailure("Central answered with an empty body; check the site's mode in the admin UI.");
            output.WriteLine($"Site {done.Site} is in {done.Mode} mode (sequence {done.Sequence}, {done.OverridePseudonyms} override pseudonyms).");
            output.WriteLine(done.Published
                ? "Sent to the site's gate readers."
                : "Stored, but the broker is unreachable now: it is sent as soon as Central reconnects.");
            return CliExit.Ok;
        }
    }

    /// <summary>Central's reason; a refusal from the web framework itself (no or unreadable body) is shown as it came.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<SiteModeError>(body, JsonOptions)?.Error ?? body;
        }
        catch (JsonException)
        {
            return body.Length > 0 ? body : "Central refused the request without a reason.";
        }
    }

    /// <summary>Central's port speaks HTTP/2 only (no TLS in development), so the client uses HTTP/2 with prior knowledge.</summary>
    private static HttpClient Client(Uri central) =>
        new()
        {
            BaseAddress = central,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = central.Scheme == Uri.UriSchemeHttps ? HttpVersionPolicy.RequestVersionOrHigher : HttpVersionPolicy.RequestVersionExact,
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
