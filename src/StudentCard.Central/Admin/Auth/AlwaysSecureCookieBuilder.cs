namespace StudentCard.Central.Admin.Auth;

/// <summary>
/// The anti-forgery cookie with the Secure flag on every response. Antiforgery refuses to run with
/// SecurePolicy=Always on a plain-HTTP request, yet the UI is served either behind a TLS proxy or on
/// loopback, where browsers treat http://127.0.0.1 and http://localhost as secure and keep Secure cookies.
/// </summary>
public sealed class AlwaysSecureCookieBuilder : CookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = true;
        return options;
    }
}
