using StudentCard.Core;
using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using StudentCard.Central.Safety;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.Safety;

/// <summary>The HTTP safety commands answer callers on Central's own machine only (until an admin login guards them).</summary>
public sealed class SafetyEndpointAccessTests
{
    private static IPAddress? OwnNetworkAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(n => n.OperationalStatus == OperationalStatus.Up)
        .SelectMany(n => n.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private static HttpClient Http2(string baseAddress) => new()
    {
        BaseAddress = new Uri(baseAddress),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    [Fact]
    public async Task A_call_from_another_address_is_forbidden_and_changes_nothing()
    {
        var address = OwnNetworkAddress();
        Assert.True(address is not null, "This test needs a non-loopback IPv4 address on the machine.");
        using var directory = new TempDirectory();
        await using var central = await SafetyCentral.StartAsync(directory, "--Grpc:BindAddress=0.0.0.0");
        var port = new Uri(central.Endpoints.GrpcUrl).Port;
        using var remote = Http2($"http://{address}:{port}");
        using var local = Http2($"http://127.0.0.1:{port}");
        var request = new SiteModeRequest("head-teacher", "fire alarm");

        using var fromNetwork = await remote.PostAsJsonAsync("/api/safety/north/evacuate", request);
        Assert.Empty(await central.StoredAsync());
        using var fromHere = await local.PostAsJsonAsync("/api/safety/north/evacuate", request);

        Assert.Equal(HttpStatusCode.Forbidden, fromNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromHere.StatusCode);
        Assert.Single(await central.StoredAsync());
    }
}
