using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Retention;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Retention;

/// <summary>
/// A <see cref="TestCentral"/> on a fake clock over a directory the test owns, so a second Central can be
/// started on the same files (a restart) after the first is disposed.
/// </summary>
internal sealed class RetentionCentral : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 9, 1, 7, 0, 0, TimeSpan.Zero);

    private readonly TestCentral _central;

    private RetentionCentral(TestCentral central) => _central = central;

    public WebApplication App => _central.App;

    public TempDirectory Directory => _central.Directory;

    public string DataDirectory => _central.DataDirectory;

    public RetentionSweeper Sweeper => App.Services.GetRequiredService<RetentionSweeper>();

    public static async Task<RetentionCentral> StartAsync(TempDirectory directory, FakeTimeProvider clock, params string[] settings) =>
        new(await TestCentral.StartInAsync(directory, clock, settings));

    public static FakeTimeProvider Clock() => new(T0);

    public Task RegisterAsync(string readerId, ReaderType type) =>
        App.Services.GetRequiredService<ReaderRegistry>().RegisterAsync(readerId, type);

    /// <summary>Stores passages through Central's own ingest (as an MQTT batch would), returning them.</summary>
    public async Task<IReadOnlyList<PassageMessage>> IngestAsync(ReaderType type, string readerId, IReadOnlyList<PassageMessage> passages)
    {
        var acknowledged = await App.Services.GetRequiredService<PassageIngest>()
            .IngestAsync(type, readerId, MessageJson.Serialize(new PassageBatch(passages)), CancellationToken.None);
        Assert.Equal(passages.Count, acknowledged.Count);
        return passages;
    }

    public CentralDbContext Db() => App.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContext();

    public async Task<HashSet<Guid>> StoredIdsAsync()
    {
        await using var db = Db();
        return (await db.Passages.Select(p => p.Id).ToListAsync()).ToHashSet();
    }

    public static PassageMessage Passage(ReaderType type, string readerId, DateTimeOffset at, string decision = "allow", string direction = "none") =>
        new(Guid.CreateVersion7(at), readerId, type.Name(), RandomPseudonym(), 1, at, decision, decision == "allow" ? "none" : "unknown_card", direction);

    public static string RandomPseudonym() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Stops this Central and lets go of its files; the directory stays for the next one.</summary>
    public ValueTask DisposeAsync() => _central.DisposeAsync();
}
