using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StudentCard.Central.Staff;

namespace StudentCard.Central.Cli;

/// <summary>
/// The running Central's admin API as a command sees it: signed in as a staff account (the password from
/// STUDENTCARD_PASSWORD, or the first line of a redirected standard input; never an argument), then JSON requests with
/// the sign-in cookie. So a change made on the command line is checked against the account's role and school, stored,
/// audited in the account's name and published to the readers by the one process that serves them. Every failure is a
/// <see cref="CliFailure"/> saying what happened and that nothing was changed (exit code 1).
/// </summary>
public sealed class AdminApiClient : IDisposable
{
    public const string DefaultCentral = "http://127.0.0.1:5081";

    public const string PasswordVariable = "STUDENTCARD_PASSWORD";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly string _cookies;
    private readonly string _forbidden;

    private AdminApiClient(HttpClient http, string cookies, string forbidden)
    {
        _http = http;
        _cookies = cookies;
        _forbidden = forbidden;
    }

    /// <summary>
    /// Signs in to Central at <paramref name="central"/> as <paramref name="account"/>; <paramref name="forbidden"/> names
    /// what a refused role lacks and who has it ("safety commands (school admins of the site's school do)").
    /// </summary>
    public static async Task<AdminApiClient> SignInAsync(Uri central, string account, CliInput input, string forbidden, CancellationToken cancellationToken)
    {
        var password = await PasswordAsync(input)
            ?? throw new CliFailure($"No password: set {PasswordVariable} or pass it on standard input (never as an argument). Nothing was sent.");
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = central,
            Timeout = Timeout,
        };
        try
        {
            using var signIn = await CallAsync(http, () => http.PostAsJsonAsync(StaffSignInRequest.Path, new StaffSignInRequest(account, password), JsonOptions, cancellationToken), cancellationToken);
            if (!signIn.IsSuccessStatusCode)
            {
                throw new CliFailure($"Sign-in refused: {await SignInRefusalAsync(signIn, central, cancellationToken)} Nothing was changed.");
            }
            return new AdminApiClient(http, Cookies(signIn), forbidden);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>POSTs <paramref name="body"/> as JSON and reads the JSON answer.</summary>
    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: JsonOptions) }, cancellationToken);

    /// <summary>POSTs <paramref name="body"/> as JSON to an endpoint that answers with no content.</summary>
    public async Task PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: JsonOptions) };
        request.Headers.Add("Cookie", _cookies);
        using var response = await CallAsync(_http, () => _http.SendAsync(request, cancellationToken), cancellationToken);
        await EnsureDoneAsync(response, cancellationToken);
    }

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>Sends <paramref name="request"/> with the sign-in cookie and reads the JSON answer; a refusal is a <see cref="CliFailure"/> with Central's reason.</summary>
    public async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Add("Cookie", _cookies);
            using var response = await CallAsync(_http, () => _http.SendAsync(request, cancellationToken), cancellationToken);
            await EnsureDoneAsync(response, cancellationToken);
            return await response.Content.ReadFromJsonAsync<T>(JsonOptions, cancellationToken)
                ?? throw new CliFailure("Central answered with an empty body; check the outcome in the admin UI.");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>One call to Central, with its failure to answer said as what the operator does about it.</summary>
    private static async Task<HttpResponseMessage> CallAsync(HttpClient http, Func<Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure($"Central is not running at {http.BaseAddress} ({e.Message}): start it, then run this again; or give --central its admin UI's address. Nothing was sent.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure($"Central at {http.BaseAddress} did not answer within {Timeout.TotalSeconds:0} seconds. Check it is running and healthy (/readyz), then run the command again; the change may or may not have been stored.");
        }
    }

    private async Task EnsureDoneAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge)
        {
            var why = await RefusalAsync(response, cancellationToken);
            if (why is not null)
            {
                throw new CliFailure($"Refused: {why}");
            }
            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                throw new CliFailure($"Refused: this account's role gives no {_forbidden}. Nothing was changed.");
            }
        }
        throw new CliFailure($"Central answered {(int)response.StatusCode} {response.ReasonPhrase}; nothing was changed. Check --central points at Central's admin UI.");
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

    /// <summary>
    /// Central's reason: the "error" of its own refusals or the "detail" of a problem answer; null when the refusal came
    /// from the web framework itself (no reason of Central's in the body).
    /// </summary>
    private static async Task<string?> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (string[])["error", "detail"])
                {
                    if (json.RootElement.TryGetProperty(name, out var why) && why.ValueKind == JsonValueKind.String)
                    {
                        return why.GetString();
                    }
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return body;
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
}
