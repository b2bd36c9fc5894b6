using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace StudentCard.Tests.Shared;

/// <summary>
/// A browser's HTTP side for the admin UI: keeps the cookies it is given (HttpClient's own cookie store
/// would not send Secure cookies over plain loopback HTTP), follows no redirects, and posts forms with
/// the anti-forgery token read from the page, as a browser would.
/// </summary>
public sealed partial class AdminClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = [];

    public AdminClient(string baseUrl)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>Every Set-Cookie header received so far, as parsed.</summary>
    public List<SetCookieHeaderValue> SetCookies { get; } = [];

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>
    /// Posts a form found on <paramref name="page"/> (to <paramref name="action"/>, by default the page itself): first loads
    /// the page for its anti-forgery token, unless told not to.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, IDictionary<string, string> fields, string? handler = null, bool withToken = true, string? action = null)
    {
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            var loaded = await GetAsync(page);
            var html = await loaded.Content.ReadAsStringAsync();
            form["__RequestVerificationToken"] = TokenPattern().Match(html) is { Success: true } match
                ? WebUtility.HtmlDecode(match.Groups[1].Value)
                : throw new InvalidOperationException($"No anti-forgery token on {page} ({(int)loaded.StatusCode}): {html[..Math.Min(html.Length, 400)]}");
        }
        var target = (action ?? page) + (handler is null ? "" : $"?handler={handler}");
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    public async Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        await PostFormAsync("/Account/SignIn", new Dictionary<string, string> { ["UserName"] = user, ["Password"] = password });

    public async Task<string> TextAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
        var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
            {
                SetCookies.Add(cookie);
                if (cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow)
                {
                    _cookies.Remove(cookie.Name.ToString());
                }
                else
                {
                    _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
                }
            }
        }
        return response;
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
