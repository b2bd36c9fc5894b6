using System.Net;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin;
using StudentCard.Central.Audit;
using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Admin;
using StudentCard.Central.Tests.DataSubjects;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Breaches;

/// <summary>
/// A Central on a fake clock with six synthetic pupils enrolled for every purpose, and gate readers in two zones: "gate-in"
/// and "gate-out" at north/main, "gate-west" at west/hall. Passages reach it through Central's own ingest, as readers send them.
/// </summary>
internal sealed class BreachScene : IAsyncDisposable
{
    public const string GateIn = "gate-in";
    public const string GateOut = "gate-out";
    public const string GateWest = "gate-west";

    private BreachScene(RosterHost host, IReadOnlyList<SyntheticStudent> pupils)
    {
        Host = host;
        Pupils = pupils;
    }

    public RosterHost Host { get; }

    public IReadOnlyList<SyntheticStudent> Pupils { get; }

    public BreachRegister Register => Host.Get<BreachRegister>();

    public AffectedPupils Affected => Host.Get<AffectedPupils>();

    public static StaffStep Dpo { get; } = StaffStep.OnPage("dana");

    public static async Task<BreachScene> StartAsync()
    {
        var host = await RosterHost.StartAsync();
        var pupils = SyntheticRoster.Generate(6, seed: 3303);
        await DsrPupil.EnrollAsync(host, DsrPupil.Everywhere, [.. pupils]);
        var readers = host.Get<ReaderRegistry>();
        await readers.RegisterAsync(GateIn, ReaderType.Gate, "north/main");
        await readers.RegisterAsync(GateOut, ReaderType.Gate, "north/main");
        await readers.RegisterAsync(GateWest, ReaderType.Gate, "west/hall");
        return new BreachScene(host, pupils);
    }

    /// <summary>A gate passage of the pupil at the reader, <paramref name="ago"/> before now, stored through Central's ingest.</summary>
    public async Task GateAsync(SyntheticStudent pupil, string readerId, TimeSpan ago, string decision = "allow", string direction = "in")
    {
        var pseudonym = DsrPupil.Pseudonyms(Host, pupil).Where(p => p.Purpose == ReaderType.Gate).MaxBy(p => p.KeyVersion);
        var at = Host.Clock.GetUtcNow() - ago;
        await Host.Central.IngestAsync(ReaderType.Gate, readerId,
            [new PassageMessage(Guid.CreateVersion7(at), readerId, "gate", pseudonym.Value, pseudonym.KeyVersion, at, decision, decision == "allow" ? "none" : "outside_schedule", direction)]);
    }

    /// <summary>A bus passage of the pupil at "bus-1" on route r1, at <paramref name="at"/>.</summary>
    public async Task BusAsync(SyntheticStudent pupil, DateTimeOffset at)
    {
        var pseudonym = DsrPupil.Pseudonyms(Host, pupil).Where(p => p.Purpose == ReaderType.Bus).MaxBy(p => p.KeyVersion);
        var reader = DsrPupil.Reader(ReaderType.Bus);
        await Host.Central.IngestAsync(ReaderType.Bus, reader,
            [new PassageMessage(Guid.CreateVersion7(at), reader, "bus", pseudonym.Value, pseudonym.KeyVersion, at, "allow", "none", "none", "r1")]);
    }

    public static BreachReport Report(DateTimeOffset discovered, string risk = "risk", DateTimeOffset? occurred = null, int? pupils = 40, int? records = 300,
        string description = "Gate reader gate-in stolen from the north entrance") =>
        new(description, occurred, discovered, "gate passages: pseudonym, time, reader", pupils, records,
            "pupils' movements at the north entrance could be read", "reader revoked, keys to be rotated", risk);

    public async Task<long> StudentIdAsync(SyntheticStudent pupil)
    {
        await using var vault = Host.Vault();
        return await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
    }

    public async Task<List<BreachPupil>> LinksAsync()
    {
        await using var vault = Host.Vault();
        return await vault.BreachPupils.AsNoTracking().OrderBy(p => p.StudentId).ToListAsync();
    }

    public async Task<List<Breach>> BreachesAsync()
    {
        await using var vault = Host.Vault();
        return await vault.Breaches.AsNoTracking().ToListAsync();
    }

    public async Task<List<AuditEntry>> AuditAsync(long breachId)
    {
        await using var db = await Host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.Where(e => e.Subject == $"breach {breachId}").OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>The audit entries but the staff accounts' own (set-up and sign-ins, which the test's own sign-ins add).</summary>
    public async Task<int> AuditCountAsync()
    {
        await using var db = await Host.Get<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await db.Entries.CountAsync(e => !e.Action.StartsWith("staff."));
    }

    public async Task<AdminClient> SignedInAsync(string user, StaffRole role, string? school = null)
    {
        var password = await AdminSite.AccountAsync(Host.Get<StaffDirectory>(), user, role, school);
        var client = new AdminClient(Host.Get<AdminEndpoint>().Url);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, password)).StatusCode);
        return client;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
