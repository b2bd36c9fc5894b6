using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.Safety;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Safety;

/// <summary>A <see cref="TestCentral"/> over a directory the test owns (so a second one can start on the same files), with synthetic pupils enrolled.</summary>
internal sealed class SafetyCentral : IAsyncDisposable
{
    public static readonly IReadOnlyList<SyntheticStudent> Pupils = SyntheticRoster.Generate(6, 77);

    private readonly TestCentral _central;

    private SafetyCentral(TestCentral central) => _central = central;

    public WebApplication App => _central.App;

    public IServiceProvider Services => App.Services;

    public CentralEndpoints Endpoints => Services.GetRequiredService<CentralEndpoints>();

    public SiteModeService Modes => Services.GetRequiredService<SiteModeService>();

    public KeyRing Keys => Services.GetRequiredService<KeyRing>();

    public static async Task<SafetyCentral> StartAsync(TempDirectory directory, params string[] settings) =>
        new(await TestCentral.StartInAsync(directory, null, settings));

    /// <summary>Enrolls the pupils with a gate right (each with one card), once per directory.</summary>
    public async Task EnrollAsync()
    {
        await Services.GetRequiredService<EnrollmentService>()
            .EnrollManyAsync(Pupils.Select(p => Roster.Enrollee(p, Keys, Roster.Valid(ReaderType.Gate))).ToList());
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
