using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin;
using StudentCard.Central.Staff;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Passages;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// The browser tests' scenario of the local system: Central alone, with synthetic pupils enrolled,
/// three readers registered and passages stored through the real ingest, so the admin pages have
/// something to show.
/// </summary>
public sealed class BrowserCentral : IAsyncDisposable
{
    private const int Pupils = 24;

    private BrowserCentral(LocalSystem local) => Local = local;

    public LocalSystem Local { get; }

    public WebApplication App => Local.Central;

    public IReadOnlyList<SyntheticStudent> Roster => Local.Students;

    public string Url => App.Services.GetRequiredService<AdminEndpoint>().Url;

    public KeyRing Keys => Local.Keys;

    /// <summary>The one site of the synthetic school the browser tests' school admin acts for.</summary>
    public const string Site = "north";

    public static async Task<BrowserCentral> StartAsync()
    {
        var local = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = Path.Combine(Path.GetTempPath(), "studentcard-browser-tests", Guid.NewGuid().ToString("N")),
            StudentCount = Pupils,
            ReaderIds = [],
            // The gate and library readers stand at the first pupil's school's site, so its school admin sees their passages.
            AccessSettings = new Dictionary<string, string?>
            {
                ["Access:Sites:0:Name"] = Site,
                ["Access:Sites:0:TimeZone"] = "Europe/Paris",
                ["Access:Sites:0:School"] = SyntheticRoster.Generate(Pupils)[0].School,
                ["Access:Routes:0:Name"] = SyntheticEnrollment.Route,
                ["Access:Routes:1:Name"] = SyntheticEnrollment.OtherRoute,
            },
        });
        var central = new BrowserCentral(local);
        try
        {
            await central.SeedAsync();
            return central;
        }
        catch
        {
            await central.DisposeAsync();
            throw;
        }
    }

    /// <summary>An account ready to use: its generated first password already replaced by the returned one.</summary>
    public Task<string> AccountAsync(string user, StaffRole role, string? school = null) => AccountAsync(App, user, role, school);

    /// <summary>An account ready to use in any local system's Central.</summary>
    public static async Task<string> AccountAsync(WebApplication central, string user, StaffRole role, string? school = null)
    {
        var staff = central.Services.GetRequiredService<StaffDirectory>();
        var generated = await staff.CreateAsync("test set-up", user, $"{user} (synthetic)", role, school, "test account");
        var password = $"{user}-{Guid.NewGuid():N}";
        await staff.ChangePasswordAsync(user, generated, password);
        return password;
    }

    public string Pseudonym(SyntheticStudent student, ReaderType purpose) =>
        PseudonymDeriver.Pseudonym(new CardUid(student.CardUid), purpose, Keys.Site, Keys.Current(purpose)).Value;

    private async Task SeedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var ingest = App.Services.GetRequiredService<PassageIngest>();
        foreach (var (readerId, purpose) in new[] { ("gate-1", ReaderType.Gate), ("bus-1", ReaderType.Bus), ("library-1", ReaderType.Library) })
        {
            await Local.RegisterReaderAsync(readerId, purpose);
            var passages = Roster.Take(8).Select((student, i) => new PassageMessage(
                Guid.CreateVersion7(), readerId, purpose.Name(), Pseudonym(student, purpose), 1, now.AddMinutes(-10 * i),
                i % 4 == 3 ? "deny" : "allow", i % 4 == 3 ? "expired" : "none", purpose == ReaderType.Gate ? "In" : "None",
                purpose == ReaderType.Bus ? "r1" : $"{Site}/main")).ToList();
            await ingest.IngestAsync(purpose, readerId, MessageJson.Serialize(new PassageBatch(passages)), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Local.DisposeAsync();
        try
        {
            Directory.Delete(Local.Options.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pool is left to the OS temp cleaner; results do not depend on it.
        }
    }
}
