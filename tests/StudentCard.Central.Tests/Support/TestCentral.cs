using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Keys;
using StudentCard.Local;

namespace StudentCard.Central.Tests.Support;

/// <summary>
/// Central's integration tests' scenario of the local system: a real Central alone on loopback ports
/// (gRPC and embedded broker picked free) over a temp directory, nobody enrolled, no reader started.
/// </summary>
public sealed class TestCentral : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];
    private readonly bool _ownsDirectory;

    private TestCentral(LocalSystem local, TempDirectory directory, bool ownsDirectory)
    {
        Local = local;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
    }

    public LocalSystem Local { get; }

    public WebApplication App => Local.Central;

    public TempDirectory Directory { get; }

    public IServiceProvider Services => App.Services;

    public CentralEndpoints Endpoints => Services.GetRequiredService<CentralEndpoints>();

    public KeyRing Keys => Services.GetRequiredService<KeyRing>();

    public ReaderRegistry Readers => Services.GetRequiredService<ReaderRegistry>();

    public EnrollmentService Enrollment => Services.GetRequiredService<EnrollmentService>();

    public string DataDirectory => Local.CentralDataDirectory;

    /// <summary>Starts a Central over its own temp directory; <paramref name="settings"/> are extra "--Section:Key=value" settings.</summary>
    public static async Task<TestCentral> StartAsync(params string[] settings)
    {
        var directory = new TempDirectory();
        try
        {
            return new TestCentral(await LocalSystem.StartAsync(Options(directory, null, settings)), directory, ownsDirectory: true);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a Central over a directory the test owns, so a second one can start on the same files (a restart)
    /// after this one is disposed; on <paramref name="clock"/> when one is given.
    /// </summary>
    public static async Task<TestCentral> StartInAsync(TempDirectory directory, TimeProvider? clock, params string[] settings) =>
        new(await LocalSystem.StartAsync(Options(directory, clock, settings)), directory, ownsDirectory: false);

    /// <summary>The local system's options for a Central alone, with "--Section:Key=value" settings read as a command line would be.</summary>
    public static LocalSystemOptions Options(TempDirectory directory, TimeProvider? clock, params string[] settings) => new()
    {
        DataDirectory = directory.Path,
        ReaderIds = [],
        Enrollment = null,
        Clock = clock,
        CentralSettings = new ConfigurationBuilder().AddCommandLine(settings).Build().AsEnumerable().Where(s => s.Value is not null).ToDictionary(),
    };

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

    public async Task<(string Id, string Secret)> RegisterAsync(string readerId, Core.ReaderType type, string? place = null) =>
        (readerId, await Readers.RegisterAsync(readerId, type, place));

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await Local.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Dispose();
        }
    }
}
