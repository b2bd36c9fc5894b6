using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Cli;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Keys;

/// <summary>A purpose key rotation: both versions' pseudonyms during the switch, the new one only after, other purposes untouched.</summary>
public sealed class KeyRotationTests : IAsyncLifetime
{
    private TestCentral _central = null!;
    private readonly IReadOnlyList<SyntheticStudent> _pupils = SyntheticRoster.Generate(6, seed: 31);

    public async Task InitializeAsync()
    {
        _central = await TestCentral.StartAsync();
        await _central.Services.EnrollAsync(_pupils, Roster.Valid(ReaderType.Gate), Roster.Valid(ReaderType.Bus));
    }

    public async Task DisposeAsync() => await _central.DisposeAsync();

    private KeyRotation Rotation => _central.Services.GetRequiredService<KeyRotation>();

    private async Task<Dictionary<int, HashSet<string>>> GateEntitlementsAsync()
    {
        await using var db = _central.CentralDb();
        var rows = await db.Entitlements.Where(e => e.Purpose == ReaderType.Gate).ToListAsync();
        return rows.GroupBy(e => e.KeyVersion).ToDictionary(g => g.Key, g => g.Select(e => e.Pseudonym).ToHashSet());
    }

    private HashSet<string> Expected(KeyRing ring, int version) =>
        _pupils.Select(p => PseudonymDeriver.Pseudonym(Roster.Token(p, ring), ReaderType.Gate, ring.Version(ReaderType.Gate, version)).Value).ToHashSet();

    [Fact]
    public async Task A_rotation_lists_both_versions_during_the_switch_and_only_the_new_one_after_it()
    {
        var bus = await _central.CentralDb().Entitlements.Where(e => e.Purpose == ReaderType.Bus).Select(e => e.Pseudonym).ToListAsync();

        var begun = await Rotation.BeginAsync(ReaderType.Gate);
        var during = await GateEntitlementsAsync();
        var ringDuring = KeyFile.Read(Path.Combine(_central.Directory.Path, "keys.json"));

        Assert.Equal((2, 6), (begun.KeyVersion, begun.Entitlements));
        Assert.Equal([1, 2], ringDuring.Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.Equal(Expected(ringDuring, 1), during[1]);
        Assert.Equal(Expected(ringDuring, 2), during[2]);
        Assert.Empty(during[1].Intersect(during[2]));

        // A pupil enrolled during the switch is listed under both versions, so agents not yet holding v2 still let them in.
        var late = SyntheticRoster.Generate(7, seed: 31)[6];
        await _central.Services.EnrollAsync([late], Roster.Valid(ReaderType.Gate));
        Assert.Equal(14, (await GateEntitlementsAsync()).Sum(v => v.Value.Count));

        var completed = await Rotation.CompleteAsync(ReaderType.Gate);
        var after = await GateEntitlementsAsync();
        var ringAfter = KeyFile.Read(Path.Combine(_central.Directory.Path, "keys.json"));

        Assert.Equal((2, 7), (completed.KeyVersion, completed.Entitlements));
        Assert.Equal([2], after.Keys);
        Assert.Equal([2], ringAfter.Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.Equal(_central.Keys.Versions(ReaderType.Gate).Select(k => k.Version), [2]);
        Assert.Equal(bus, await _central.CentralDb().Entitlements.Where(e => e.Purpose == ReaderType.Bus).Select(e => e.Pseudonym).ToListAsync());
        Assert.True(completed.AllowListVersion > begun.AllowListVersion);
    }

    [Fact]
    public async Task Begin_is_repeatable_and_a_revoked_card_gets_no_new_pseudonym()
    {
        await _central.Enrollment.RevokeCardAsync(Roster.Token(_pupils[0], _central.Keys), Vault.CardStatus.Revoked);

        await Rotation.BeginAsync(ReaderType.Gate);
        var again = await Rotation.BeginAsync(ReaderType.Gate);

        Assert.Equal((2, 0), (again.KeyVersion, again.Entitlements));
        var v2 = (await GateEntitlementsAsync())[2];
        Assert.Equal(5, v2.Count);
        Assert.DoesNotContain(PseudonymDeriver.Pseudonym(Roster.Token(_pupils[0], _central.Keys), ReaderType.Gate, _central.Keys.Current(ReaderType.Gate)).Value, v2);
    }

    [Fact]
    public async Task A_lost_card_stays_listed_as_lost_under_the_new_key_and_every_card_keeps_its_grants_places_and_schedule()
    {
        await using (var vault = _central.VaultDb())
        {
            await vault.StudentPurposes.ExecuteUpdateAsync(g => g.SetProperty(x => x.Places, "north/main").SetProperty(x => x.Schedule, "pupils"));
        }
        var lost = Roster.Token(_pupils[1], _central.Keys);
        await _central.Enrollment.RevokeCardAsync(lost);

        await Rotation.BeginAsync(ReaderType.Gate);

        await using var after = _central.CentralDb();
        var v2 = await after.Entitlements.Where(e => e.Purpose == ReaderType.Gate && e.KeyVersion == 2).ToListAsync();
        Assert.Equal(6, v2.Count);
        Assert.All(v2, e => Assert.Equal(("north/main", "pupils"), (e.Places, e.Schedule)));
        var lostPseudonym = PseudonymDeriver.Pseudonym(lost, ReaderType.Gate, _central.Keys.Current(ReaderType.Gate)).Value;
        Assert.Equal(Core.Rules.CardStatus.Lost, v2.Single(e => e.Pseudonym == lostPseudonym).Status);
    }

    [Fact]
    public void Keys_rotate_without_a_data_directory_fails_with_a_message()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = KeyCommands.Run(["keys", "rotate", "--type", "gate", "--data", Path.Combine(_central.Directory.Path, "nowhere")], output, error);

        Assert.Equal(1, code);
        Assert.Contains("No Central data directory", error.ToString());
    }

    [Fact]
    public void Keys_export_desk_writes_the_site_key_only_and_replace_is_needed_to_overwrite()
    {
        var keys = Path.Combine(_central.Directory.Path, "keys.json");
        var desk = Path.Combine(_central.Directory.Path, "desk.json");

        Assert.Equal(0, KeyCommands.Run(["keys", "export-desk", "--out", desk, "--keys", keys], TextWriter.Null, TextWriter.Null));
        Assert.Equal(1, KeyCommands.Run(["keys", "export-desk", "--out", desk, "--keys", keys], TextWriter.Null, TextWriter.Null));
        Assert.Equal(0, KeyCommands.Run(["keys", "export-desk", "--out", desk, "--keys", keys, "--replace", "true"], TextWriter.Null, TextWriter.Null));

        Assert.Empty(KeyFile.Read(desk).Purposes);
    }
}
