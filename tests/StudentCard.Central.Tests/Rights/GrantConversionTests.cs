using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.Rights;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Rights;

/// <summary>
/// The upgrade to access rules: a vault left by the version before them (migrated to that level by EF Core's migrator, its
/// rows written as that version wrote them) keeps every right its grants gave, as the pupils' own rules, once Central starts.
/// </summary>
public sealed class GrantConversionTests : IDisposable
{
    private const string LevelBeforeRules = "20261122182511_GrantPlacesAndSchedule";

    private readonly TempDirectory _directory = new();
    private readonly KeyRing _keys = KeyRing.Generate();
    private readonly IReadOnlyList<SyntheticStudent> _pupils = SyntheticRoster.Generate(3, seed: 61);
    private readonly DateTimeOffset _from = new(DateTimeOffset.UtcNow.AddDays(-10).UtcTicks, TimeSpan.Zero);
    private readonly DateTimeOffset _until = new(DateTimeOffset.UtcNow.AddDays(200).UtcTicks, TimeSpan.Zero);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Rights_given_by_grants_before_rules_become_the_pupils_own_rules_at_the_first_start_and_outlive_the_next_derivation()
    {
        var ids = await WriteVaultBeforeRulesAsync(
            (0, ReaderType.Gate, "north/main", "pupils"),
            (0, ReaderType.Library, null, null),
            (1, ReaderType.Bus, "r1", null));

        await using (var central = await TestCentral.StartInAsync(_directory, null, [.. SchoolSettings.Arguments, "--Access:Routes:0:Name=r1"]))
        {
            await using var vault = central.VaultDb();
            var rules = await vault.AccessRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(
                [
                    ($"Rights for {_pupils[0].StudentNumber}", ReaderType.Gate, "north/main", "pupils"),
                    ($"Rights for {_pupils[0].StudentNumber}", ReaderType.Library, null, null),
                    ($"Rights for {_pupils[1].StudentNumber}", ReaderType.Bus, "r1", null),
                ],
                rules.Select(r => (r.Name, r.Purpose, r.Places, r.Schedule)));
            Assert.All(rules, r => Assert.Equal((RulePopulation.Pupils, _from, _until, GrantConversion.Author), (r.Population, r.ValidFrom, r.ValidUntil, r.ChangedBy)));
            Assert.Equal([(rules[0].Id, ids[0]), (rules[1].Id, ids[0]), (rules[2].Id, ids[1])],
                (await vault.RuleExceptions.AsNoTracking().OrderBy(e => e.RuleId).ToListAsync()).Select(e => (e.RuleId, e.StudentId)));
            Assert.All(await vault.RuleExceptions.AsNoTracking().ToListAsync(), e => Assert.Equal(RuleExceptionKind.Member, e.Kind));
            await using var audit = central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();
            var changes = await audit.Entries.Where(e => e.Action == AuditActions.RuleChanged).ToListAsync();
            Assert.Equal([GrantConversion.Author, GrantConversion.Author, GrantConversion.Author], changes.Select(c => c.Actor));
            Assert.All(changes, c => Assert.DoesNotContain(_pupils[0].StudentNumber, c.Reason + c.Subject, StringComparison.Ordinal));

            var derived = await central.Services.GetRequiredService<RightsDerivation>().DeriveEveryoneAsync();

            Assert.Equal(3, derived.Entitlements);
            var rights = await vault.StudentPurposes.AsNoTracking().ToListAsync();
            Assert.Equal(
                new Dictionary<(long, ReaderType), (string?, string?, string)>
                {
                    [(ids[0], ReaderType.Gate)] = ("north/main", "pupils", $"{rules[0].Id}"),
                    [(ids[0], ReaderType.Library)] = (null, null, $"{rules[1].Id}"),
                    [(ids[1], ReaderType.Bus)] = ("r1", null, $"{rules[2].Id}"),
                },
                rights.ToDictionary(r => (r.StudentId, r.Purpose), r => (r.Places, r.Schedule, r.Rules)));
            Assert.All(rights, r => Assert.Equal((_from, _until), (r.ValidFrom, r.ValidUntil)));
            await using var store = central.CentralDb();
            var listed = await store.Entitlements.AsNoTracking().ToDictionaryAsync(e => e.Pseudonym, e => (e.Purpose, e.Places, e.Schedule));
            Assert.Equal(
                new Dictionary<string, (ReaderType, string?, string?)>
                {
                    [Pseudonym(0, ReaderType.Gate)] = (ReaderType.Gate, "north/main", "pupils"),
                    [Pseudonym(0, ReaderType.Library)] = (ReaderType.Library, null, null),
                    [Pseudonym(1, ReaderType.Bus)] = (ReaderType.Bus, "r1", null),
                },
                listed);
        }

        // Once: a second start finds nothing to convert.
        await using (var again = await TestCentral.StartInAsync(_directory, null, [.. SchoolSettings.Arguments, "--Access:Routes:0:Name=r1"]))
        {
            await using var vault = again.VaultDb();
            Assert.Equal(3, await vault.AccessRules.CountAsync());
            await using var audit = again.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();
            Assert.Equal(3, await audit.Entries.CountAsync(e => e.Action == AuditActions.RuleChanged));
        }
    }

    private string Pseudonym(int pupil, ReaderType purpose) => Roster.Pseudonym(Roster.Token(_pupils[pupil], _keys), purpose, _keys);

    /// <summary>
    /// The vault and key file as the version before access rules left them: the vault migrated to that level, three pupils
    /// with one card each, and the rights its enrollment grants wrote. Returns the pupils' vault ids.
    /// </summary>
    private async Task<long[]> WriteVaultBeforeRulesAsync(params (int Pupil, ReaderType Purpose, string? Places, string? Schedule)[] grants)
    {
        KeyFile.Write(Path.Combine(_directory.Path, "keys.json"), _keys);
        var data = Path.Combine(_directory.Path, "central");
        Directory.CreateDirectory(data);
        var options = new DbContextOptionsBuilder<VaultDbContext>();
        SqliteStore.Configure(options, Path.Combine(data, "vault.db"));
        await using var old = new VaultDbContext(options.Options);
        await old.GetService<IMigrator>().MigrateAsync(LevelBeforeRules);
        // The students' and cards' tables are as they were then.
        var students = _pupils.Select(p => new Student
        {
            StudentNumber = p.StudentNumber, GivenName = p.GivenName, FamilyName = p.FamilyName, School = p.School,
            ClassName = p.ClassName, BirthYear = p.BirthYear, GuardianName = p.GuardianName,
        }).ToList();
        old.Students.AddRange(students);
        await old.SaveChangesAsync();
        old.Cards.AddRange(students.Select((s, i) => new Card { StudentId = s.Id, CardToken = Roster.Token(_pupils[i], _keys).Value, Status = CardStatus.Issued, IssuedAt = _from }));
        await old.SaveChangesAsync();
        // The rights' table has no rule column yet: written as that version's model wrote it (purpose by name, times in UTC ticks).
        foreach (var (pupil, purpose, places, schedule) in grants)
        {
            await old.Database.ExecuteSqlAsync(
                $"INSERT INTO StudentPurposes (StudentId, Purpose, ValidFrom, ValidUntil, Places, Schedule) VALUES ({students[pupil].Id}, {purpose.Name()}, {_from.UtcTicks}, {_until.UtcTicks}, {places}, {schedule})");
        }
        return [.. students.Select(s => s.Id)];
    }
}
