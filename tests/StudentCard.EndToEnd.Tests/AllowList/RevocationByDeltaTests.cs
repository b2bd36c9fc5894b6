using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Passages;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Rules;
using StudentCard.Demo;
using StudentCard.Edge.AllowList;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests.AllowList;

/// <summary>
/// A revocation reaches online agents as a delta (Central counts what it sent: one removal per purpose, no whole list)
/// and the card is refused at the gate; an agent whose list does not fit the changes falls back to the whole list.
/// </summary>
public sealed class RevocationByDeltaTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-delta-").FullName;
    private LocalSystem _system = null!;

    public async Task InitializeAsync() =>
        _system = await LocalSystem.StartAsync(DemoSchool.System(_directory) with { StudentCount = 20, LogLevel = "Warning" });

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private T FromCentral<T>() where T : notnull => _system.Central.Services.GetRequiredService<T>();

    private int GatePupil() => Enumerable.Range(0, _system.Students.Count).First(i => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate));

    private CardToken Token(int pupil) =>
        PseudonymDeriver.CardToken(new CardUid(_system.Students[pupil].CardUid), KeyFile.Read(_system.KeyFilePath).Site);

    /// <summary>Every agent holds its purpose's current version, so no download is under way.</summary>
    private async Task AgentsCurrentAsync()
    {
        var queries = FromCentral<AllowListQueries>();
        foreach (var rig in _system.Readers)
        {
            var central = await queries.VersionAsync(rig.Type);
            await Eventually.WaitAsync(() => rig.AgentService<LocalAllowList>().Current.Version == central, $"{rig.ReaderId} to hold version {central}");
        }
    }

    private async Task<int> EntitlementsAsync(CardToken token)
    {
        var pseudonyms = FromCentral<KeyRing>().Purposes.SelectMany(p => FromCentral<KeyRing>().Versions(p).Select(k => PseudonymDeriver.Pseudonym(token, p, k).Value)).ToList();
        await using var db = await FromCentral<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Entitlements.CountAsync(e => pseudonyms.Contains(e.Pseudonym));
    }

    [Fact]
    public async Task An_online_agent_gets_a_revocation_as_a_delta_and_refuses_the_card()
    {
        var pupil = GatePupil();
        var token = Token(pupil);
        var gate = _system.Reader("gate-1");
        var list = gate.AgentService<LocalAllowList>();
        await AgentsCurrentAsync();
        var held = list.Current;
        var pseudonym = PseudonymDeriver.Pseudonym(token, ReaderType.Gate, FromCentral<KeyRing>().Current(ReaderType.Gate)).Value;
        Assert.NotNull(held.Find(pseudonym));
        var purposes = await EntitlementsAsync(token);
        var sends = FromCentral<AllowListSendStatistics>();
        var (fullBefore, deltasBefore, entriesBefore) = (sends.FullLists, sends.Deltas, sends.EntriesSent);

        await FromCentral<EnrollmentService>().RevokeCardAsync(token, Central.Vault.CardStatus.Revoked);
        await Eventually.WaitAsync(() => list.Current.Version > held.Version, "the gate's list to learn of the revocation");
        await AgentsCurrentAsync();

        Assert.Null(list.Current.Find(pseudonym));
        Assert.Equal(held.Count - 1, list.Current.Count);
        // The list the delta made is the list Central holds, entry for entry.
        var central = await FromCentral<AllowListQueries>().SnapshotAsync(ReaderType.Gate);
        Assert.Equal(central.Version, list.Current.Version);
        Assert.All(central.Entries, e => Assert.Equal(e, list.Current.Find(e.Pseudonym)));
        // Each agent of a purpose the card had got one removal, and nobody the whole list.
        Assert.True(purposes > 0);
        Assert.Equal((0L, (long)purposes, (long)purposes), (sends.FullLists - fullBefore, sends.Deltas - deltasBefore, sends.EntriesSent - entriesBefore));
        // The disk copy was written too: a restart without network starts from the revoked list.
        var stored = new AllowListFile(Path.Combine(gate.DataDirectory, "allowlist-gate.bin")).TryRead(ReaderType.Gate);
        Assert.Equal((list.Current.Version, list.Current.Count), (stored?.Version, stored?.Count));
        Assert.Null(stored!.Find(pseudonym));

        var passage = await TapAsync("gate-1", _system.Students[pupil].CardUid);
        Assert.Equal("deny", passage.Decision);
        Assert.Equal("unknown_card", passage.Reason);
    }

    [Fact]
    public async Task An_agent_whose_list_does_not_fit_the_changes_takes_the_whole_list()
    {
        var gate = _system.Reader("gate-1");
        await AgentsCurrentAsync();
        await _system.StopAgentAsync(gate);
        // A disk copy of the current version with one card Central never listed: a delta cannot add up to Central's count.
        var file = new AllowListFile(Path.Combine(gate.DataDirectory, "allowlist-gate.bin"));
        var stored = file.TryRead(ReaderType.Gate)!;
        var stray = new string('e', PurposePseudonym.Length);
        var wrong = stored.WithChanges(stored.Version, [new AllowListEntry(stray, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue)], [], stored.FetchedAt, stored.PolicyJson);
        file.Write(wrong, ReaderType.Gate);
        await FromCentral<EnrollmentService>().RevokeCardAsync(Token(GatePupil()), Central.Vault.CardStatus.Revoked);
        var sends = FromCentral<AllowListSendStatistics>();
        var fullBefore = sends.FullLists;

        await _system.StartAgentAsync(gate);
        var list = gate.AgentService<LocalAllowList>();
        var current = await FromCentral<AllowListQueries>().SnapshotAsync(ReaderType.Gate);
        await Eventually.WaitAsync(() => list.Current.Version == current.Version, "the gate to catch up");

        Assert.Null(list.Current.Find(stray));
        Assert.Equal(current.Entries.Count, list.Current.Count);
        Assert.All(current.Entries, e => Assert.Equal(e, list.Current.Find(e.Pseudonym)));
        Assert.Equal(1, sends.FullLists - fullBefore);
    }

    private async Task<Passage> TapAsync(string readerId, byte[] uid)
    {
        var board = _system.Reader(readerId).Board;
        board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(uid)));
        var passages = await Eventually.WaitAsync(PassagesAsync, p => p.Count == 1, $"a passage at {readerId}");
        board.Field.Remove(uid);
        return passages[0];

        async Task<List<Passage>> PassagesAsync()
        {
            await using var db = await FromCentral<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            return await db.Passages.Where(p => p.ReaderId == readerId).ToListAsync();
        }
    }
}
