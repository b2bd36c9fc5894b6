using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace StudentCard.Central.Admin;

/// <summary>Where the admin UI listens once Central has started (its port may have been picked at start).</summary>
public sealed class AdminEndpoint
{
    private ListenOptions? _listen;

    /// <summary>The admin UI's base address, e.g. http://127.0.0.1:5081. Valid after the app started.</summary>
    public string Url
    {
        get
        {
            var endpoint = _listen?.IPEndPoint is { Port: > 0 } bound ? bound
                : throw new InvalidOperationException("Central has not started yet: the admin UI is not bound.");
            var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : endpoint.Address.ToString();
            return $"http://{host}:{endpoint.Port}";
        }
    }

    internal void Bound(ListenOptions listen) => _listen = listen;

    /// <summary>Whether the request came in on the admin listener (not on the readers' gRPC port).</summary>
    public bool Received(HttpContext context) =>
        _listen?.IPEndPoint is { Port: > 0 } bound && context.Connection.LocalPort == bound.Port;
}
