using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Safety;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Admin;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Safety;

/// <summary>A <see cref="TestCentral"/> over a directory the test owns (so a second one can start on the same files), with synthetic pupils enrolled.</summary>
internal sealed class SafetyCentral : IAsyncDisposable
{
    public static readonly IReadOnlyList<SyntheticStudent> Pupils = SyntheticRoster.Generate(6, 77);

    /// <summary>The school the site "north" of <see cref="SchoolSites"/> belongs to, and the one "west" belongs to.</summary>
    public const string NorthSchool = "Northfield School";

    public const string WestSchool = "Westbrook School";

    /// <summary>Settings for <see cref="StartAsync"/>: <see cref="SchoolSettings"/>' two sites, each of its own school.</summary>
    public static readonly string[] SchoolSites =
        [.. SchoolSettings.Arguments, $"--Access:Sites:0:School={NorthSchool}", $"--Access:Sites:1:School={WestSchool}"];

    private readonly TestCentral _central;

    private SafetyCentral(TestCentral central) => _central = central;

    public WebApplication App => _central.App;

    public IServiceProvider Services => App.Services;

    public CentralEndpoints Endpoints => Services.GetRequiredService<CentralEndpoints>();

    public SiteModeService Modes => Services.GetRequiredService<SiteModeService>();

    public KeyRing Keys => Services.GetRequiredService<KeyRing>();

    /// <summary>Central's data directory, and its key file.</summary>
    public string DataDirectory => _central.DataDirectory;

    public string KeyFile => _central.Local.KeyFilePath;

    /// <summary>The admin UI's and admin API's base address.</summary>
    public string AdminUrl => Services.GetRequiredService<AdminEndpoint>().Url;

    public static async Task<SafetyCentral> StartAsync(TempDirectory directory, params string[] settings) =>
        new(await TestCentral.StartInAsync(directory, null, settings));

    /// <summary>Enrolls the pupils with a gate right (each with one card), once per directory.</summary>
    public async Task EnrollAsync()
    {
        await Services.EnrollAsync(Pupils, Roster.Valid(ReaderType.Gate));
    }

    /// <summary>A staff account past its first sign-in; returns its password.</summary>
    public Task<string> AccountAsync(string user, StaffRole role, string? school = null) =>
        AdminSite.AccountAsync(Services.GetRequiredService<StaffDirectory>(), user, role, school);

    /// <summary>A gate reader registered and subscribed to every site's mode, to see what Central publishes.</summary>
    public async Task<ReaderMqtt> GateReaderAsync(string id = "gate-1")
    {
        var secret = await Services.GetRequiredService<ReaderRegistry>().RegisterAsync(id, ReaderType.Gate);
        var reader = await ReaderMqtt.ConnectAsync(Endpoints, id, secret);
        Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.AllSiteModes));
        return reader;
    }

    public async Task<List<SiteModeRecord>> StoredAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.SiteModes.AsNoTracking().OrderBy(m => m.Site).ToListAsync();
    }

    public async Task<List<AuditEntry>> AuditAsync(string actionPrefix = "safety.")
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.AsNoTracking().Where(e => e.Action.StartsWith(actionPrefix)).OrderBy(e => e.Sequence).ToListAsync();
    }

    public ValueTask DisposeAsync() => _central.DisposeAsync();
}
