using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Stores;

public sealed class StoreTests
{
    [Fact]
    public async Task Migrations_create_both_stores_in_wal_mode_in_separate_files()
    {
        await using var central = await TestCentral.StartAsync();

        await using var db = central.CentralDb();
        await using var vault = central.VaultDb();
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCentral"));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await vault.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialVault"));
        Assert.Empty(await vault.Database.GetPendingMigrationsAsync());
        Assert.Equal(Path.Combine(central.DataDirectory, "central.db"), new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        Assert.Equal(Path.Combine(central.DataDirectory, "vault.db"), new SqliteConnectionStringBuilder(vault.Database.GetConnectionString()).DataSource);
        Assert.Equal("wal", await Scalar(db, "PRAGMA journal_mode"));
        Assert.Equal("wal", await Scalar(vault, "PRAGMA journal_mode"));
        Assert.Equal(["Alerts", "AllowListJournal", "AllowListJournalMarks", "AllowListJournalStarts", "AllowListVersions", "CalendarVersions", "Entitlements", "HourlyCounts", "Passages", "Readers", "SiteModes"], await Tables(db));
        Assert.Equal(["AccessRules", "BreachPupils", "Breaches", "Cards", "Guardians", "RuleExceptions", "StudentClasses", "StudentGuardians", "StudentPurposes", "Students", "SubjectRequests"], await Tables(vault));
    }

    [Fact]
    public async Task Under_the_usual_umask_every_store_file_with_its_wal_and_shm_is_owner_only_and_so_is_its_folder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var students = SyntheticRoster.Generate(5);
        using (OwnerOnly.UnderUsualUmask())
        {
            await using var central = await TestCentral.StartAsync();
            await central.RegisterAsync("gate-1", ReaderType.Gate);
            await central.Services.EnrollAsync(students, Roster.Valid(ReaderType.Gate), Roster.Valid(ReaderType.Bus), Roster.Valid(ReaderType.Library));

            var names = OwnerOnly.Modes(central.DataDirectory).Select(m => m.Path).ToList();
            foreach (var store in new[] { "central.db", "vault.db", "audit.db", "admin.db", "desks.db" })
            {
                Assert.Contains(store, names);
            }
            Assert.Contains("central.db-wal", names);
            Assert.Contains("central.db-shm", names);
            Assert.Contains("vault.db-wal", names);
            Assert.Empty(OwnerOnly.NotOwnerOnly(central.DataDirectory));
        }
    }

    [Fact]
    public async Task After_an_enrollment_the_purpose_store_file_holds_no_name_number_or_card_token_and_the_vault_no_pseudonym()
    {
        var students = SyntheticRoster.Generate(20);
        await using var central = await TestCentral.StartAsync();
        await central.Services.EnrollAsync(students, Roster.Valid(ReaderType.Gate), Roster.Valid(ReaderType.Bus), Roster.Valid(ReaderType.Library));
        var tokens = students.Select(s => Roster.Token(s, central.Keys).Value).ToList();
        await using var db = central.CentralDb();
        var pseudonyms = await db.Entitlements.Select(e => e.Pseudonym).ToListAsync();

        var centralBytes = FileText(central.DataDirectory, "central.db");
        var vaultBytes = FileText(central.DataDirectory, "vault.db");

        Assert.Equal(60, pseudonyms.Count);
        var personal = students.SelectMany(s => new[] { s.GivenName, s.FamilyName, s.GuardianName, s.StudentNumber });
        Assert.All(personal, value => Assert.DoesNotContain(value, centralBytes));
        Assert.All(tokens, token => Assert.DoesNotContain(token, centralBytes, StringComparison.OrdinalIgnoreCase));
        Assert.All(pseudonyms, pseudonym => Assert.DoesNotContain(pseudonym, vaultBytes, StringComparison.OrdinalIgnoreCase));
        // The search works: the vault does hold names and tokens, the purpose store pseudonyms.
        Assert.Contains(students[0].FamilyName, vaultBytes);
        Assert.Contains(tokens[0], vaultBytes);
        Assert.Contains(pseudonyms[0], centralBytes);
    }

    /// <summary>The database file and its WAL, as Latin-1 text so any ASCII value stored is findable.</summary>
    private static string FileText(string directory, string file)
    {
        var text = new StringBuilder();
        foreach (var path in new[] { file, file + "-wal" }.Select(f => Path.Combine(directory, f)).Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(reader.ReadToEnd());
        }
        return text.ToString();
    }

    private static async Task<string?> Scalar(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    private static async Task<List<string>> Tables(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('__EFMigrationsHistory', '__EFMigrationsLock') ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
