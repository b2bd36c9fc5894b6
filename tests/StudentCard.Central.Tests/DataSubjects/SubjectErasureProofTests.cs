using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;

namespace StudentCard.Central.Tests.DataSubjects;

/// <summary>
/// The data-subject proof: a synthetic pupil with passages in all three purposes (one purpose under two
/// key versions) gets an export with every section, and an erasure leaves nothing of them in any
/// store, checked in the database and WAL files' bytes.
/// </summary>
public sealed class SubjectErasureProofTests : IAsyncLifetime
{
    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await RosterHost.StartAsync(DsrPupil.Places);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_export_has_every_section_and_the_erasure_leaves_nothing_of_the_pupil_in_any_store()
    {
        var (pupil, other) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil, other);
        // A gate rotation in progress: the pupil's gate data exists under two pseudonyms.
        await _host.Get<KeyRotation>().BeginAsync(ReaderType.Gate);
        var passages = await DsrPupil.PassAsync(_host, pupil, TimeSpan.FromHours(2));
        var othersPassages = await DsrPupil.PassAsync(_host, other, TimeSpan.FromHours(1));
        Assert.Equal(4, passages.Count);
        var requests = _host.Get<SubjectRequests>();

        var access = await requests.OpenAsync(pupil.StudentNumber, RequestKind.Access, RequesterRole.Guardian);
        await requests.VerifyAsync(access.Id, "guardian's ID card and family record seen at the school office", "dpo");
        var document = await _host.Get<SubjectExporter>().ExportAsync(access.Id);
        using var json = JsonDocument.Parse(SubjectExporter.ToJson(document));

        var root = json.RootElement;
        Assert.Equal(SubjectExporter.Format, root.GetProperty("format").GetString());
        Assert.True(root.GetProperty("freeCopy").GetBoolean());
        var identity = root.GetProperty("identity");
        Assert.Equal((pupil.StudentNumber, pupil.GivenName, pupil.FamilyName, pupil.School, pupil.ClassName, pupil.BirthYear, pupil.GuardianName),
            (identity.GetProperty("studentNumber").GetString(), identity.GetProperty("givenName").GetString(), identity.GetProperty("familyName").GetString(),
             identity.GetProperty("school").GetString(), identity.GetProperty("className").GetString(), identity.GetProperty("birthYear").GetInt32(),
             identity.GetProperty("guardianName").GetString()));
        Assert.Equal("issued", Assert.Single(root.GetProperty("cards").EnumerateArray()).GetProperty("status").GetString());
        var purposes = root.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("purpose").GetString()!);
        Assert.Equal(["gate", "bus", "library"], purposes.Keys);
        Assert.Equal((2, 1, 1), (Count(purposes["gate"], "passages"), Count(purposes["bus"], "passages"), Count(purposes["library"], "passages")));
        Assert.Equal((2, 1, 1), (Count(purposes["gate"], "entitlements"), Count(purposes["bus"], "entitlements"), Count(purposes["library"], "entitlements")));
        Assert.Equal((2, 1, 1), (Count(purposes["gate"], "pseudonyms"), Count(purposes["bus"], "pseudonyms"), Count(purposes["library"], "pseudonyms")));
        Assert.All(purposes.Values, p =>
        {
            Assert.NotEqual(JsonValueKind.Null, p.GetProperty("grant").ValueKind);
            Assert.False(string.IsNullOrEmpty(p.GetProperty("legalBasis").GetString()));
            Assert.NotEmpty(p.GetProperty("dataCategories").EnumerateArray());
        });
        var exported = purposes.Values.SelectMany(p => p.GetProperty("passages").EnumerateArray()).Select(p => p.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Equal(passages.ToHashSet(), exported);
        Assert.Contains(root.GetProperty("sources").EnumerateArray(), s => s.GetProperty("data").GetString() == "passages");
        var recipients = root.GetProperty("recipients").EnumerateArray().ToDictionary(r => r.GetProperty("activity").GetString()!);
        Assert.NotEmpty(recipients["bus"].GetProperty("recipients").EnumerateArray());
        var retention = root.GetProperty("retention").EnumerateArray().ToDictionary(r => r.GetProperty("activity").GetString()!);
        Assert.Equal("7.00:00:00", retention["gate"].GetProperty("period").GetString());
        Assert.Equal("2.00:00:00", retention["bus"].GetProperty("period").GetString());
        Assert.Equal(access.Id, Assert.Single(root.GetProperty("requests").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.DoesNotContain(DsrPupil.Token(_host, pupil).Value, SubjectExporter.ToJson(document));

        // Before the erasure the scan finds the pupil everywhere it should, so finding nothing afterwards means something.
        var traces = DsrPupil.Traces(_host, pupil).ToList();
        Assert.NotEmpty(FileBytes.OfDatabase(_host.VaultPath).WhereFound(Encoding.UTF8.GetBytes(pupil.FamilyName)));
        Assert.NotEmpty(FileBytes.OfDatabase(_host.CentralPath).WhereFound(Encoding.ASCII.GetBytes(DsrPupil.Pseudonyms(_host, pupil)[0].Value)));
        var versions = await VersionsAsync();

        var erasure = await requests.OpenAsync(pupil.StudentNumber, RequestKind.Erasure, RequesterRole.Guardian);
        await requests.VerifyAsync(erasure.Id, "guardian's ID card seen at the school office", "dpo");
        var result = await _host.Get<SubjectEraser>().EraseAsync(erasure.Id);

        Assert.True(result.Checkpointed);
        Assert.Equal((1, 3, 4, 4), (result.Cards, result.Grants, result.Entitlements.Values.Sum(), result.Passages.Values.Sum()));
        Assert.Equal(3, result.Kept.Count);
        Assert.All(result.Kept, k => Assert.False(string.IsNullOrWhiteSpace(k.Reason)));
        var after = await VersionsAsync();
        Assert.All(ReaderTypes.All, p => Assert.True(after[p] > versions[p], $"the {p.Name()} allow-list version was not bumped"));
        await using (var vault = _host.Vault())
        {
            Assert.False(await vault.Students.AnyAsync(s => s.StudentNumber == pupil.StudentNumber));
            Assert.True(await vault.Students.AnyAsync(s => s.StudentNumber == other.StudentNumber));
            Assert.Equal(2, await vault.SubjectRequests.CountAsync(r => r.StudentId == null));
            // The pupil's own rules, named by their student number, went with them; the other pupil's stay.
            Assert.False(await vault.AccessRules.AnyAsync(r => r.Name == AccessRule.PupilRuleName(pupil.StudentNumber)));
            Assert.Equal(3, await vault.AccessRules.CountAsync(r => r.Name == AccessRule.PupilRuleName(other.StudentNumber)));
        }
        await using (var store = _host.Store())
        {
            Assert.Equal(othersPassages.ToHashSet(), (await store.Passages.Select(p => p.Id).ToListAsync()).ToHashSet());
        }
        foreach (var path in new[] { _host.CentralPath, _host.VaultPath, _host.AuditPath })
        {
            var bytes = FileBytes.OfDatabase(path);
            foreach (var (form, needle) in traces)
            {
                Assert.True(bytes.WhereFound(needle).Count == 0, $"{form} is still in {string.Join(", ", bytes.WhereFound(needle))}");
            }
        }
        Assert.NotEmpty(FileBytes.OfDatabase(_host.VaultPath).WhereFound(Encoding.UTF8.GetBytes(other.FamilyName)));
    }

    private static int Count(JsonElement purpose, string property) => purpose.GetProperty(property).GetArrayLength();

    private async Task<Dictionary<ReaderType, long>> VersionsAsync()
    {
        await using var store = _host.Store();
        return await store.AllowListVersions.ToDictionaryAsync(v => v.Purpose, v => v.Version);
    }
}
