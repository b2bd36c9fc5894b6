using System.Net;
using System.Net.Http.Json;
using StudentCard.Central.Safety;

namespace StudentCard.Central.Cli;

/// <summary>
/// The "lockdown" command line: "lockdown start|evacuate|lift --site S --reason R --actor A [--override S-1,S-2]
/// [--central URL]". It asks the running Central (on this machine) over HTTP, so the command is stored, audited
/// and sent to the gate readers by the one process that holds the broker connection. Exit code 0 done, 1 refused
/// or Central unreachable, 2 usage.
/// </summary>
public static class LockdownCommands
{
    public const string DefaultCentral = "http://127.0.0.1:5080";

    private const string Usage =
        "usage: lockdown start --site S [--override S-0001,S-0002] --reason R --actor A [--central URL]\n" +
        "       lockdown evacuate --site S --reason R --actor A [--central URL]\n" +
        "       lockdown lift --site S --reason R --actor A [--central URL]";

    private static readonly Dictionary<string, string> Paths = new(StringComparer.Ordinal)
    {
        ["start"] = "lockdown",
        ["evacuate"] = "evacuate",
        ["lift"] = "lift",
    };

    public static bool Handles(string[] args) => args.Length > 0 && args[0] == "lockdown";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!TryParse(args, out var verb, out var options, out var problem))
        {
            error.WriteLine(problem);
            error.WriteLine(Usage);
            return 2;
        }
        var central = options.GetValueOrDefault("--central", DefaultCentral);
        var overrides = options.TryGetValue("--override", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var request = new SiteModeRequest(options["--actor"], options["--reason"], overrides);
        using var client = Client(central);
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsJsonAsync($"{SafetyEndpoints.Prefix}/{Uri.EscapeDataString(options["--site"])}/{Paths[verb]}", request);
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"Could not reach Central at {central}: {e.Message}. Is it running? Nothing was sent.");
            return 1;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                error.WriteLine($"Refused: {await RefusalAsync(response)}");
                return 1;
            }
            if (!response.IsSuccessStatusCode)
            {
                error.WriteLine($"Central answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was changed.");
                return 1;
            }
            var done = await response.Content.ReadFromJsonAsync<SiteModeResponse>()
                ?? throw new InvalidOperationException("Central answered with an empty body.");
            output.WriteLine($"Site {done.Site} is in {done.Mode} mode (sequence {done.Sequence}, {done.OverridePseudonyms} override pseudonyms).");
            output.WriteLine(done.Published
                ? "Sent to the site's gate readers."
                : "Stored, but the broker is unreachable now: it is sent as soon as Central reconnects.");
            return 0;
        }
    }

    /// <summary>Central's reason; a refusal from the web framework itself (no or unreadable body) is shown as it came.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<SiteModeError>(body, JsonOptions)?.Error ?? body;
        }
        catch (System.Text.Json.JsonException)
        {
            return body.Length > 0 ? body : "Central refused the request without a reason.";
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>Central's port speaks HTTP/2 only (no TLS in development), so the client uses HTTP/2 with prior knowledge.</summary>
    private static HttpClient Client(string central) =>
        new()
        {
            BaseAddress = new Uri(central),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = central.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
                ? HttpVersionPolicy.RequestVersionOrHigher
                : HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static bool TryParse(string[] args, out string verb, out Dictionary<string, string> options, out string problem)
    {
        verb = args.ElementAtOrDefault(1) ?? "";
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        options = given;
        problem = "";
        if (!Paths.ContainsKey(verb))
        {
            problem = "Say start, evacuate or lift.";
            return false;
        }
        string[] allowed = verb == "start" ? ["--site", "--reason", "--actor", "--override", "--central"] : ["--site", "--reason", "--actor", "--central"];
        for (var i = 2; i < args.Length; i += 2)
        {
            if (!allowed.Contains(args[i]) || i + 1 >= args.Length || options.ContainsKey(args[i]))
            {
                problem = $"Unexpected or repeated argument '{args[i]}'.";
                return false;
            }
            options[args[i]] = args[i + 1];
        }
        var missing = new[] { "--site", "--reason", "--actor" }.Where(o => !given.ContainsKey(o)).ToList();
        if (missing.Count > 0)
        {
            problem = $"Missing {string.Join(", ", missing)}.";
            return false;
        }
        if (options.TryGetValue("--central", out var url) && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            problem = "--central must be an absolute URL such as http://127.0.0.1:5080.";
            return false;
        }
        return true;
    }
}
