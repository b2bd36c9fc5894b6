using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;
using StudentCard.Local;
using CentralEndpoints = StudentCard.Central.Hosting.CentralEndpoints;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>The benchmarks' scenario of the local system: Central alone, nobody enrolled, its own data directory.</summary>
public sealed class BenchCentral : IAsyncDisposable
{
    private BenchCentral(LocalSystem local) => Local = local;

    public LocalSystem Local { get; }

    public WebApplication App => Local.Central;

    public string Directory => Local.Options.DataDirectory;

    public KeyRing Keys => Local.Keys;

    public CentralEndpoints Endpoints => App.Services.GetRequiredService<CentralEndpoints>();

    public string DatabasePath => Path.Combine(Local.CentralDataDirectory, "central.db");

    public static async Task<BenchCentral> StartAsync(IDictionary<string, string?>? extra = null, Action<WebApplication>? map = null, BrokerKind broker = BrokerKind.Embedded)
    {
        var local = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = System.IO.Directory.CreateTempSubdirectory("sc-bench-").FullName,
            ReaderIds = [],
            Enrollment = null,
            Broker = broker,
            LogLevel = "Error",
            CentralSettings = extra ?? new Dictionary<string, string?>(),
            MapCentral = map,
        });
        return new BenchCentral(local);
    }

    public async Task<string> RegisterAsync(string readerId, ReaderType type) =>
        (await Local.RegisterReaderAsync(readerId, type)).Secret;

    /// <summary>The agent's own gRPC client, with a registered reader's credentials.</summary>
    public CentralClient ClientFor(string readerId, ReaderType type, string secret) =>
        new(Options.Create(new EdgeOptions { ReaderId = readerId, ReaderType = type.Name(), ReaderSecret = secret, CentralUrl = Endpoints.GrpcUrl }));

    /// <summary>Writes entitlements straight into the purpose store (enrolling a million pupils one by one would measure enrollment).</summary>
    public void SeedEntitlements(ReaderType purpose, IEnumerable<string> pseudonyms)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO Entitlements (Purpose, Pseudonym, KeyVersion, ValidFrom, ValidUntil) VALUES ($purpose, $pseudonym, 1, $from, $until);";
        insert.Parameters.AddWithValue("$purpose", purpose.Name());
        var pseudonym = insert.Parameters.Add("$pseudonym", SqliteType.Text);
        insert.Parameters.AddWithValue("$from", DateTimeOffset.UtcNow.AddDays(-30).UtcTicks);
        insert.Parameters.AddWithValue("$until", DateTimeOffset.UtcNow.AddDays(300).UtcTicks);
        insert.Prepare();
        foreach (var value in pseudonyms)
        {
            pseudonym.Value = value;
            insert.ExecuteNonQuery();
        }
        using (var bump = connection.CreateCommand())
        {
            bump.Transaction = transaction;
            bump.CommandText = "INSERT INTO AllowListVersions (Purpose, Version) VALUES ($purpose, 1000) ON CONFLICT(Purpose) DO UPDATE SET Version = Version + 1;";
            bump.Parameters.AddWithValue("$purpose", purpose.Name());
            bump.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public long CountPassages()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Passages;";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static IEnumerable<string> RandomPseudonyms(int count, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            yield return Convert.ToHexStringLower(bytes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
