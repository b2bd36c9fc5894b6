using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Rights;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.Taps;
using StudentCard.EndToEnd.Tests.Resilience;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Keys;

/// <summary>
/// Taps keep being decided while Central rotates the gate key: KeyRotation.BeginAsync → each gate
/// agent gets the new key version file (one after the other) → CompleteAsync → the agents' files
/// lose the old version. Meanwhile a card is reported lost and a new pupil is enrolled. Every tap must
/// get the decision its pupil's rights call for, every passage must be stored once, and each stored
/// pseudonym must be the pupil's pseudonym under the key version the passage names.
/// </summary>
[Collection(ResilienceCollection.Name)]
public sealed class TapsDuringKeyRotationTests(ITestOutputHelper output)
{
    private const int LostBefore = 0;
    private const int LostDuring = 3;

    [Fact]
    public async Task Every_tap_is_decided_correctly_and_stored_under_the_right_key_version_during_and_after_a_gate_key_rotation()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 40);
        var gate1 = await system.AddAgentAsync("gate-1", ReaderType.Gate);
        var gate2 = await system.AddAgentAsync("gate-2", ReaderType.Gate);
        var bus = await system.AddAgentAsync("bus-1", ReaderType.Bus);
        var gates = new[] { gate1, gate2 };
        var agents = new[] { gate1, gate2, bus };
        var newcomer = SyntheticRoster.Generate(system.Students.Count + 1, seed: 4242)[^1];
        var pupils = system.Students.Append(newcomer).ToList();
        var newcomerIndex = pupils.Count - 1;
        Assert.DoesNotContain(system.Students, s => s.StudentNumber == newcomer.StudentNumber);
        var enrollment = system.CentralService<EnrollmentService>();

        // A card reported lost before anything starts is denied throughout.
        await enrollment.RevokeCardAsync(Token(system, pupils[LostBefore]), CardStatus.Lost);
        await WaitUntilAsync(agents, rig => !Holds(rig, new CardUid(pupils[LostBefore].CardUid)), "the card to be listed as lost on every reader");
        var driver = new RotationDriver(pupils, Enumerable.Range(0, system.Students.Count), p => ResilienceSystem.IsEntitled(p) && p != LostBefore);
        using var stop = new CancellationTokenSource();
        var driving = agents.Select(rig => Task.Run(() => driver.DriveAsync(rig, stop.Token))).ToArray();
        var rotation = system.CentralService<KeyRotation>();
        var centralKeys = system.CentralService<CentralKeys>();

        // Before the rotation: every agent decides under key version 1.
        await WaitForDecidedAsync(agents, 150, "taps before the rotation");
        var beforeBegin = gates.ToDictionary(g => g.ReaderId, g => g.Decided.Count);

        var begun = await rotation.BeginAsync(ReaderType.Gate);
        var bothVersions = centralKeys.Ring;
        Assert.Equal(2, begun.KeyVersion);
        await WaitForDecidedAsync(agents, 100, "taps after Central began the rotation, before any agent has the new key");

        // The operator re-exports gate-1's key file first ("keys export-reader --replace true"); gate-2 still holds only version 1.
        KeyFile.Write(KeyFilePath(gate1), bothVersions.ForReader(ReaderType.Gate));
        await WaitUntilAsync([gate1], rig => NewestKeyVersion(rig, driver) == 2, "gate-1 to load key version 2");
        await WaitUntilAsync(gates, rig => rig.AllowList.Current.Version >= begun.AllowListVersion, "the gate allow-lists with both versions");
        await WaitForDecidedAsync(agents, 100, "taps with gate-1 on version 2 and gate-2 on version 1");

        // A card lost during the rotation is removed under both versions at once.
        await driver.PauseAsync(LostDuring);
        await enrollment.RevokeCardAsync(Token(system, pupils[LostDuring]), CardStatus.Lost);
        await WaitUntilAsync(agents, rig => !Holds(rig, driver.Uid(LostDuring)), "the card lost during the rotation to be listed as lost on every reader");
        driver.Resume(LostDuring, allowed: false);

        // A pupil enrolled during the rotation is known under both versions, so gate-2 (version 1 only) lets them in too.
        await enrollment.EnrollAsync(
            new NewStudent(newcomer.StudentNumber, newcomer.GivenName, newcomer.FamilyName, newcomer.School, newcomer.ClassName, newcomer.BirthYear, newcomer.GuardianName),
            Token(system, newcomer));
        await system.CentralService<RuleService>().GivePupilsAsync(SyntheticEnrollment.Office,
            [.. ReaderTypes.All.Select(p => new PupilRight(newcomer.StudentNumber, new PurposeGrant(p, DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(300))))],
            "rights at enrollment");
        await WaitUntilAsync(agents, rig => Holds(rig, driver.Uid(newcomerIndex)), "the newcomer in every allow-list");
        driver.Resume(newcomerIndex, allowed: true);
        await WaitForDecidedAsync(agents, 100, "taps after the lost card and the newcomer");

        KeyFile.Write(KeyFilePath(gate2), bothVersions.ForReader(ReaderType.Gate));
        await WaitUntilAsync([gate2], rig => NewestKeyVersion(rig, driver) == 2, "gate-2 to load key version 2");
        await WaitForDecidedAsync(agents, 100, "taps with both gates holding both versions");

        // Every gate agent holds the new version: Central completes, then the agents' files drop version 1.
        var completed = await rotation.CompleteAsync(ReaderType.Gate);
        Assert.Equal(2, completed.KeyVersion);
        await WaitUntilAsync(gates, rig => rig.AllowList.Current.Version >= completed.AllowListVersion, "the gate allow-lists without version 1");
        await WaitForDecidedAsync(agents, 100, "taps after Central completed the rotation");
        var newOnly = centralKeys.Ring;
        Assert.Equal([2], newOnly.Versions(ReaderType.Gate).Select(k => k.Version));
        foreach (var gate in gates)
        {
            KeyFile.Write(KeyFilePath(gate), newOnly.ForReader(ReaderType.Gate));
        }
        await WaitUntilAsync(gates, rig => rig.Service<AgentKeys>().Pseudonyms(driver.Uid(1)).Count == 1, "the gates to drop key version 1");
        var afterSwitch = gates.ToDictionary(g => g.ReaderId, g => g.Decided.Count);
        await WaitForDecidedAsync(agents, 150, "taps after the rotation");

        await stop.CancelAsync();
        await Task.WhenAll(driving);
        await system.WaitForDeliveryAsync();
        var tally = await system.ReportAsync("gate key rotation during taps");
        Assert.Equal(0, tally.WrongDecisions);
        Assert.Equal(0, tally.Lost);
        Assert.Equal(0, tally.Duplicated);
        Assert.Equal(tally.Sent, tally.Stored);

        var passages = await StoredPassagesAsync(system);
        var keyOf = (ReaderType purpose, int version) => purpose == ReaderType.Gate ? bothVersions.Version(purpose, version) : bothVersions.Current(purpose);
        foreach (var passage in passages)
        {
            var pupil = driver.PupilOf[(passage.ReaderId, passage.OccurredAt.UtcTicks)];
            var expected = PseudonymDeriver.Pseudonym(new CardUid(pupils[pupil].CardUid), passage.Purpose, bothVersions.Site, keyOf(passage.Purpose, passage.KeyVersion));
            Assert.Equal(expected.Value, passage.Pseudonym);
        }
        Assert.All(passages.Where(p => p.Purpose == ReaderType.Bus), p => Assert.Equal(1, p.KeyVersion));
        foreach (var gate in gates)
        {
            var ordered = passages.Where(p => p.ReaderId == gate.ReaderId).OrderBy(p => p.OccurredAt).ToList();
            Assert.All(ordered.Take(beforeBegin[gate.ReaderId]), p => Assert.Equal(1, p.KeyVersion));
            Assert.All(ordered.Skip(afterSwitch[gate.ReaderId]), p => Assert.Equal(2, p.KeyVersion));
            Assert.Contains(ordered, p => p.KeyVersion == 2 && p.Decision == "allow");
        }
        output.WriteLine(string.Join("; ", gates.Select(g =>
            $"{g.ReaderId}: {passages.Count(p => p.ReaderId == g.ReaderId && p.KeyVersion == 1)} passages under v1, {passages.Count(p => p.ReaderId == g.ReaderId && p.KeyVersion == 2)} under v2")));
    }

    private static string KeyFilePath(AgentRig rig) => Path.Combine(rig.DataDirectory, "keys.json");

    private static CardToken Token(ResilienceSystem system, SyntheticStudent pupil) =>
        PseudonymDeriver.CardToken(new CardUid(pupil.CardUid), system.Keys.Site);

    private static int NewestKeyVersion(AgentRig rig, RotationDriver driver) =>
        rig.Service<AgentKeys>().Pseudonyms(driver.Uid(1))[0].KeyVersion;

    /// <summary>Whether the agent's allow-list holds the card under any key version the agent holds.</summary>
    /// <summary>Whether the agent's list would let this card through: listed, and not as lost.</summary>
    private static bool Holds(AgentRig rig, CardUid uid) =>
        rig.Service<AgentKeys>().Pseudonyms(uid).Any(p => rig.AllowList.Current.Find(p.Value) is { Status: Core.Rules.CardStatus.Active });

    private static Task WaitUntilAsync(IEnumerable<AgentRig> rigs, Func<AgentRig, bool> condition, string what) =>
        Eventually.WaitAsync(() => rigs.All(condition), what, 60);

    /// <summary>Waits until each agent decided this many more taps, so every step happens while taps flow.</summary>
    private static async Task WaitForDecidedAsync(IReadOnlyList<AgentRig> rigs, int more, string what)
    {
        var targets = rigs.Select(r => r.Decided.Count + more).ToArray();
        await Eventually.WaitAsync(() => rigs.Select((r, i) => r.Decided.Count >= targets[i]).All(x => x), what, 120);
    }

    private static async Task<List<Central.Passages.Passage>> StoredPassagesAsync(ResilienceSystem system)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(system.Root, "central", "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using (connection)
        {
            await connection.OpenAsync();
            await using var db = new CentralDbContext(new DbContextOptionsBuilder<CentralDbContext>().UseSqlite(connection).Options);
            return await db.Passages.AsNoTracking().ToListAsync();
        }
    }
}
