using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Support;

/// <summary>A real Central on loopback ports (gRPC and embedded broker picked free) over its own temp directory.</summary>
public sealed class TestCentral : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private TestCentral(WebApplication app, TempDirectory directory)
    {
        App = app;
        Directory = directory;
    }

    public WebApplication App { get; }

    public TempDirectory Directory { get; }

    public IServiceProvider Services => App.Services;

    public CentralEndpoints Endpoints => Services.GetRequiredService<CentralEndpoints>();

    public KeyRing Keys => Services.GetRequiredService<KeyRing>();

    public ReaderRegistry Readers => Services.GetRequiredService<ReaderRegistry>();

    public EnrollmentService Enrollment => Services.GetRequiredService<EnrollmentService>();

    public string DataDirectory => Path.Combine(Directory.Path, "data");

    public static string[] Arguments(TempDirectory directory) =>
    [
        $"--Central:DataDirectory={Path.Combine(directory.Path, "data")}",
        $"--Central:KeyFile={Path.Combine(directory.Path, "keys.json")}",
        "--Grpc:Port=0",
        "--Admin:Port=0",
        "--Mqtt:Port=0",
        "--Serilog:MinimumLevel:Default=Warning",
    ];

    /// <summary>Starts a Central on loopback ports; <paramref name="settings"/> are extra "--Section:Key=value" arguments.</summary>
    public static async Task<TestCentral> StartAsync(params string[] settings)
    {
        var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        var app = CentralApp.Build([.. Arguments(directory), .. settings]);
        await app.StartAsync();
        return new TestCentral(app, directory);
    }

    public CentralDbContext CentralDb() => Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContext();

    public VaultDbContext VaultDb() => Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContext();

    /// <summary>A gRPC client that sends these credentials as metadata on every call; null sends none.</summary>
    internal ReaderLinkClient Client(string? readerId, string? secret)
    {
        var channel = GrpcChannel.ForAddress(Endpoints.GrpcUrl);
        _channels.Add(channel);
        var invoker = channel.Intercept(metadata =>
        {
            if (readerId is not null)
            {
                metadata.Add("x-reader-id", readerId);
            }
            if (secret is not null)
            {
                metadata.Add("x-reader-secret", secret);
            }
            return metadata;
        });
        return new ReaderLinkClient(invoker);
    }

    public async Task<(string Id, string Secret)> RegisterAsync(string readerId, Core.ReaderType type) =>
        (readerId, await Readers.RegisterAsync(readerId, type));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }
}
