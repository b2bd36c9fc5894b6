using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central;
using StudentCard.Central.Admin;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// Central on loopback ports with synthetic pupils enrolled, three readers registered and passages
/// stored through the real ingest, so the admin pages have something to show.
/// </summary>
public sealed class BrowserCentral : IAsyncDisposable
{
    private readonly string _root;

    private BrowserCentral(string root, WebApplication app, IReadOnlyList<SyntheticStudent> roster)
    {
        _root = root;
        App = app;
        Roster = roster;
    }

    public WebApplication App { get; }

    public IReadOnlyList<SyntheticStudent> Roster { get; }

    public string Url => App.Services.GetRequiredService<AdminEndpoint>().Url;

    public KeyRing Keys => App.Services.GetRequiredService<KeyRing>();

    /// <summary>The one site of the synthetic school the browser tests' school admin acts for.</summary>
    public const string Site = "north";

    public static async Task<BrowserCentral> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "studentcard-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var keyFile = Path.Combine(root, "keys.json");
        KeyFile.Write(keyFile, KeyRing.Generate());
        var roster = SyntheticRoster.Generate(24);
        var app = CentralApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // The gate and library readers stand at the first pupil's school's site, so its school admin sees their passages.
            ["Access:Sites:0:Name"] = Site,
            ["Access:Sites:0:TimeZone"] = "Europe/Paris",
            ["Access:Sites:0:School"] = roster[0].School,
            ["Central:DataDirectory"] = Path.Combine(root, "central"),
            ["Central:KeyFile"] = keyFile,
            ["Grpc:Port"] = "0",
            ["Mqtt:Port"] = "0",
            ["Admin:Port"] = "0",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        var central = new BrowserCentral(root, app, roster);
        await central.SeedAsync();
        return central;
    }

    /// <summary>An account ready to use: its generated first password already replaced by the returned one.</summary>
    public async Task<string> AccountAsync(string user, StaffRole role, string? school = null)
    {
        var staff = App.Services.GetRequiredService<StaffDirectory>();
        var generated = await staff.CreateAsync(user, $"{user} (synthetic)", role, school);
        var password = $"{user}-{Guid.NewGuid():N}";
        await staff.ChangePasswordAsync(user, generated, password);
        return password;
    }

    public string Pseudonym(SyntheticStudent student, ReaderType purpose) =>
        PseudonymDeriver.Pseudonym(new CardUid(student.CardUid), purpose, Keys.Site, Keys.Current(purpose)).Value;

    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await App.Services.GetRequiredService<EnrollmentService>().EnrollManyAsync(SyntheticEnrollment.Enrollees(Roster, Keys.Site, now));
        var registry = App.Services.GetRequiredService<ReaderRegistry>();
        var ingest = App.Services.GetRequiredService<PassageIngest>();
        foreach (var (readerId, purpose) in new[] { ("gate-1", ReaderType.Gate), ("bus-1", ReaderType.Bus), ("library-1", ReaderType.Library) })
        {
            await registry.RegisterAsync(readerId, purpose);
            var passages = Roster.Take(8).Select((student, i) => new PassageMessage(
                Guid.CreateVersion7(), readerId, purpose.Name(), Pseudonym(student, purpose), 1, now.AddMinutes(-10 * i),
                i % 4 == 3 ? "deny" : "allow", i % 4 == 3 ? "expired" : "none", purpose == ReaderType.Gate ? "In" : "None",
                purpose == ReaderType.Bus ? "r1" : $"{Site}/main")).ToList();
            await ingest.IngestAsync(purpose, readerId, MessageJson.Serialize(new PassageBatch(passages)), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pool is left to the OS temp cleaner; results do not depend on it.
        }
    }
}
