using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin;
using StudentCard.Central.Audit;
using StudentCard.Central.Passages;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>A real Central on loopback with its admin UI, plus the staff accounts and data a test needs.</summary>
public sealed class AdminSite : IAsyncDisposable
{
    private AdminSite(TestCentral central) => Central = central;

    public TestCentral Central { get; }

    public string Url => Central.Services.GetRequiredService<AdminEndpoint>().Url;

    public StaffDirectory Staff => Central.Services.GetRequiredService<StaffDirectory>();

    public static async Task<AdminSite> StartAsync(params string[] settings) => new(await TestCentral.StartAsync(settings));

    public AdminClient Client() => new(Url);

    /// <summary>An account past its first sign-in: the generated password already replaced by the returned one.</summary>
    public Task<string> AccountAsync(string user, StaffRole role, string? school = null) => AccountAsync(Staff, user, role, school);

    /// <summary>An account past its first sign-in in any Central's staff store.</summary>
    public static async Task<string> AccountAsync(StaffDirectory staff, string user, StaffRole role, string? school = null)
    {
        var generated = await staff.CreateAsync("test set-up", user, $"{user} (synthetic)", role, school, "test account");
        var password = $"{user}-Passw0rd-{Guid.NewGuid():N}";
        await staff.ChangePasswordAsync(user, generated, password);
        return password;
    }

    /// <summary>Passages stored through Central's real ingest, as if a reader had sent them.</summary>
    public async Task IngestAsync(ReaderType purpose, string readerId, params (string Pseudonym, string Decision, string Reason, DateTimeOffset At)[] passages)
    {
        var batch = new PassageBatch(passages.Select(p =>
            new PassageMessage(Guid.CreateVersion7(), readerId, purpose.Name(), p.Pseudonym, 1, p.At, p.Decision, p.Reason, purpose == ReaderType.Gate ? "In" : "None")).ToList());
        var statistics = Central.Services.GetRequiredService<IngestStatistics>();
        var refusedBefore = statistics.Refused;
        var stored = await Central.Services.GetRequiredService<PassageIngest>().IngestAsync(purpose, readerId, MessageJson.Serialize(batch), CancellationToken.None);
        // Acknowledged and none refused: every passage was stored.
        Assert.Equal(passages.Length, stored.Count);
        Assert.Equal(refusedBefore, statistics.Refused);
    }

    /// <summary>The audit entries of the work under test: the staff accounts' own entries (set-up, sign-ins) are left out.</summary>
    public async Task<List<AuditEntry>> AuditAsync() =>
        (await AllAuditAsync()).Where(e => !e.Action.StartsWith("staff.", StringComparison.Ordinal)).ToList();

    public async Task<List<AuditEntry>> AllAuditAsync()
    {
        await using var db = await Central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.OrderBy(e => e.Sequence).ToListAsync();
    }

    public ValueTask DisposeAsync() => Central.DisposeAsync();
}
