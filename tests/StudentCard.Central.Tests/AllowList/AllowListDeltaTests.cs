using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.DataSubjects;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;
using VaultCardStatus = StudentCard.Central.Vault.CardStatus;

namespace StudentCard.Central.Tests.AllowList;

/// <summary>
/// Allow-list deltas over a real gRPC channel: every change path (enrollment, loss, revocation, re-issue, restriction,
/// key rotation, another connection writing the store) reaches an agent as exactly its change; an agent the journal no
/// longer reaches gets the whole list; the journal is pruned by its settings; an erasure leaves no pseudonym in it.
/// </summary>
public sealed class AllowListDeltaTests : IAsyncLifetime
{
    private RosterHost _host = null!;
    private GrpcChannel _channel = null!;
    private readonly Dictionary<CoreType, Metadata> _credentials = [];

    private async Task StartAsync(params string[] settings)
    {
        _host = await RosterHost.StartAsync([.. DsrPupil.Places, .. settings]);
        _channel = GrpcChannel.ForAddress(_host.Get<CentralEndpoints>().GrpcUrl);
        foreach (var purpose in ReaderTypes.All)
        {
            var id = $"{purpose.Name()}-delta";
            var secret = await _host.Get<ReaderRegistry>().RegisterAsync(id, purpose);
            _credentials[purpose] = new Metadata { { "x-reader-id", id }, { "x-reader-secret", secret } };
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Enrollment_loss_reissue_and_revocation_each_reach_an_agent_as_exactly_their_change()
    {
        await StartAsync();
        await EnrollBystandersAsync();
        var (a, b, c) = Pupils();
        await EnrollAsync(a, b);
        var v1 = await VersionAsync(CoreType.Gate);
        var busV1 = await VersionAsync(CoreType.Bus);
        var full = await FetchAsync(CoreType.Gate, 0);
        Assert.False(full.Delta);
        Assert.Equal(2 + Bystanders, full.Upserts.Count);

        await EnrollAsync(c);
        var enrolled = await FetchAsync(CoreType.Gate, v1);
        var v2 = await VersionAsync(CoreType.Gate);
        await _host.Get<EnrollmentService>().RevokeCardAsync(Token(a), VaultCardStatus.Lost);
        var lost = await FetchAsync(CoreType.Gate, v2);
        var v3 = await VersionAsync(CoreType.Gate);
        var newToken = Support.Roster.RandomToken();
        await _host.Get<EnrollmentService>().ReissueCardAsync(b.StudentNumber, newToken);
        var reissued = await FetchAsync(CoreType.Gate, v3);
        var v4 = await VersionAsync(CoreType.Gate);
        await _host.Get<EnrollmentService>().RevokeCardAsync(Token(c), VaultCardStatus.Revoked);
        var revoked = await FetchAsync(CoreType.Gate, v4);
        var sinceFirst = await FetchAsync(CoreType.Gate, v1);
        var busSinceFirst = await FetchAsync(CoreType.Bus, busV1);

        Assert.True(enrolled is { Delta: true, ListSize: 3 + Bystanders } && enrolled.BaseVersion == v1 && enrolled.Version == v2);
        Assert.Equal(new[] { Gate(c) }, enrolled.Upserts.Keys);
        Assert.Empty(enrolled.Removed);
        Assert.Equal(new[] { Gate(a) }, lost.Upserts.Keys);
        Assert.Equal(Protos.V1.CardStatus.Lost, lost.Upserts[Gate(a)].Status);
        Assert.Empty(lost.Removed);
        Assert.Equal(new[] { Pseudonym(newToken, CoreType.Gate) }, reissued.Upserts.Keys);
        Assert.Equal(new[] { Gate(b) }, reissued.Removed);
        Assert.Empty(revoked.Upserts);
        Assert.Equal(new[] { Gate(c) }, revoked.Removed);
        Assert.Equal(2 + Bystanders, revoked.ListSize);
        // Many versions at once: each card once, as it is now; the card added and revoked in between is a removal.
        Assert.True(sinceFirst is { Delta: true, ListSize: 2 + Bystanders });
        Assert.Equal(new[] { Gate(a), Pseudonym(newToken, CoreType.Gate) }.Order(), sinceFirst.Upserts.Keys.Order());
        Assert.Equal(new[] { Gate(b), Gate(c) }.Order(), sinceFirst.Removed.Order());
        Assert.Equal(new[] { Pseudonym(Token(a), CoreType.Bus), Pseudonym(newToken, CoreType.Bus) }.Order(), busSinceFirst.Upserts.Keys.Order());
        Assert.Equal(new[] { Pseudonym(Token(b), CoreType.Bus), Pseudonym(Token(c), CoreType.Bus) }.Order(), busSinceFirst.Removed.Order());
    }

    [Fact]
    public async Task A_restriction_is_a_removal_and_its_lifting_the_entry_again()
    {
        await StartAsync();
        var (a, b, _) = Pupils();
        await EnrollAsync(a, b);
        var before = await VersionAsync(CoreType.Gate);
        var requests = _host.Get<SubjectRequests>();
        var request = await requests.OpenAsync(a.StudentNumber, RequestKind.Restriction, RequesterRole.Guardian);
        await requests.VerifyAsync(request.Id, "guardian's ID card seen at the school office", "dpo");

        await _host.Get<SubjectActions>().RestrictAsync(request.Id);
        var restricted = await FetchAsync(CoreType.Gate, before);
        var during = await VersionAsync(CoreType.Gate);
        await _host.Get<SubjectActions>().LiftRestrictionAsync(request.Id);
        var lifted = await FetchAsync(CoreType.Gate, during);

        Assert.True(restricted is { Delta: true, Upserts.Count: 0, ListSize: 1 });
        Assert.Equal(new[] { Gate(a) }, restricted.Removed);
        Assert.True(lifted is { Delta: true, Removed.Count: 0, ListSize: 2 });
        Assert.Equal(new[] { Gate(a) }, lifted.Upserts.Keys);
    }

    [Fact]
    public async Task A_key_rotation_sends_the_new_pseudonyms_then_removes_the_old_ones()
    {
        await StartAsync();
        var (a, b, _) = Pupils();
        await EnrollAsync(a, b);
        var old = new[] { Gate(a), Gate(b) }.Order().ToList();
        var before = await VersionAsync(CoreType.Gate);

        await _host.Get<KeyRotation>().BeginAsync(CoreType.Gate);
        var begun = await FetchAsync(CoreType.Gate, before);
        var during = await VersionAsync(CoreType.Gate);
        var renewed = new[] { Gate(a), Gate(b) }.Order().ToList();
        await _host.Get<KeyRotation>().CompleteAsync(CoreType.Gate);
        var completed = await FetchAsync(CoreType.Gate, during);

        Assert.NotEqual(old, renewed);
        Assert.True(begun is { Delta: true, Removed.Count: 0, ListSize: 4 });
        Assert.Equal(renewed, begun.Upserts.Keys.Order());
        Assert.True(completed is { Delta: true, Upserts.Count: 0, ListSize: 2 });
        Assert.Equal(old, completed.Removed.Order());
    }

    [Fact]
    public async Task A_change_written_by_another_connection_as_the_command_line_would_is_in_the_journal()
    {
        await StartAsync();
        await EnrollBystandersAsync();
        var (a, b, _) = Pupils();
        await EnrollAsync(a, b);
        var before = await VersionAsync(CoreType.Gate);
        var loseUntil = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Plain SQL on its own connection, as another process would: EF change tracking in Central sees none of it.
        await using (var connection = new SqliteConnection($"Data Source={_host.CentralPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE "Entitlements" SET "ValidUntil" = $until WHERE "Pseudonym" = $a;
                DELETE FROM "Entitlements" WHERE "Pseudonym" = $b;
                UPDATE "AllowListVersions" SET "Version" = "Version" + 1 WHERE "Purpose" = 'gate';
                """;
            command.Parameters.AddWithValue("$until", loseUntil.UtcTicks);
            command.Parameters.AddWithValue("$a", Gate(a));
            command.Parameters.AddWithValue("$b", Gate(b));
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        var changed = await FetchAsync(CoreType.Gate, before);

        Assert.True(changed is { Delta: true, ListSize: 1 + Bystanders } && changed.Version == before + 1);
        Assert.Equal(new[] { Gate(a) }, changed.Upserts.Keys);
        Assert.Equal(loseUntil, changed.Upserts[Gate(a)].ValidUntil.ToDateTimeOffset());
        Assert.Equal(new[] { Gate(b) }, changed.Removed);
    }

    [Fact]
    public async Task An_agent_older_than_the_journal_start_gets_the_whole_list_once_the_journal_is_pruned_by_versions()
    {
        await StartAsync("--AllowListJournal:KeepVersions=1");
        var (a, b, c) = Pupils();
        await EnrollAsync(a);
        var v1 = await VersionAsync(CoreType.Gate);
        await EnrollAsync(b);
        var v2 = await VersionAsync(CoreType.Gate);
        await EnrollAsync(c);
        var beforePruning = await FetchAsync(CoreType.Gate, v1);
        var rowsBefore = await JournalRowsAsync(CoreType.Gate);

        var deleted = await _host.Get<AllowListJournalPruner>().PruneOnceAsync();
        var fromV1 = await FetchAsync(CoreType.Gate, v1);
        var fromV2 = await FetchAsync(CoreType.Gate, v2);

        Assert.True(beforePruning.Delta);
        Assert.Equal(new[] { Gate(b), Gate(c) }.Order(), beforePruning.Upserts.Keys.Order());
        Assert.Equal(3, rowsBefore);
        // Two of each purpose's three enrollments.
        Assert.Equal(6, deleted);
        Assert.Equal(1, await JournalRowsAsync(CoreType.Gate));
        Assert.True(fromV1 is { Delta: false, Upserts.Count: 3 });
        Assert.True(fromV2.Delta);
        Assert.Equal(new[] { Gate(c) }, fromV2.Upserts.Keys);
    }

    [Fact]
    public async Task The_journal_keeps_changes_for_the_configured_days()
    {
        await StartAsync("--AllowListJournal:KeepDays=7");
        var (a, b, c) = Pupils();
        var pruner = _host.Get<AllowListJournalPruner>();
        await EnrollAsync(a);
        var v1 = await VersionAsync(CoreType.Gate);
        await pruner.PruneOnceAsync();
        _host.Clock.Advance(TimeSpan.FromDays(3));
        await EnrollAsync(b);
        await pruner.PruneOnceAsync();
        _host.Clock.Advance(TimeSpan.FromDays(5));
        await EnrollAsync(c);

        // Day 8: version 1 was current on day 0, so the changes made before it are forgotten; b's (after it) are kept.
        await pruner.PruneOnceAsync();
        var dayEight = await FetchAsync(CoreType.Gate, v1);
        var rowsDayEight = await JournalRowsAsync(CoreType.Gate);
        // Day 11: version 2 was current on day 3, so b's change goes too and an agent still at version 1 gets the whole list.
        _host.Clock.Advance(TimeSpan.FromDays(3));
        await pruner.PruneOnceAsync();
        var dayEleven = await FetchAsync(CoreType.Gate, v1);

        Assert.True(dayEight.Delta);
        Assert.Equal(new[] { Gate(b), Gate(c) }.Order(), dayEight.Upserts.Keys.Order());
        Assert.Equal(2, rowsDayEight);
        Assert.True(dayEleven is { Delta: false, Upserts.Count: 3 });
        Assert.Equal(1, await JournalRowsAsync(CoreType.Gate));
    }

    [Fact]
    public async Task An_erasure_leaves_no_pseudonym_of_the_pupil_in_the_journal_or_in_the_files_and_older_agents_get_the_whole_list()
    {
        await StartAsync();
        var (pupil, other) = DsrPupil.Make();
        await DsrPupil.EnrollAsync(_host, pupil, other);
        // A loss and a rotation put more of the pupil's pseudonyms in the journal.
        await _host.Get<EnrollmentService>().RevokeCardAsync(DsrPupil.Token(_host, pupil), VaultCardStatus.Lost);
        await _host.Get<KeyRotation>().BeginAsync(CoreType.Gate);
        var before = await VersionAsync(CoreType.Gate);
        var pseudonyms = DsrPupil.Pseudonyms(_host, pupil).Select(p => p.Value).ToList();
        Assert.Equal(4, pseudonyms.Count);
        Assert.NotEmpty(FileBytes.OfDatabase(_host.CentralPath).WhereFound(Encoding.ASCII.GetBytes(pseudonyms[0])));
        var requests = _host.Get<SubjectRequests>();
        var erasure = await requests.OpenAsync(pupil.StudentNumber, RequestKind.Erasure, RequesterRole.Guardian);
        await requests.VerifyAsync(erasure.Id, "guardian's ID card seen at the school office", "dpo");

        var result = await _host.Get<SubjectEraser>().EraseAsync(erasure.Id);
        var after = await VersionAsync(CoreType.Gate);
        var older = await FetchAsync(CoreType.Gate, before);
        var current = await FetchAsync(CoreType.Gate, after);

        Assert.True(result.Checkpointed);
        await using (var store = _host.Store())
        {
            var json = System.Text.Json.JsonSerializer.Serialize(pseudonyms);
            Assert.Equal(0, await store.Database
                .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "AllowListJournal" WHERE "Pseudonym" IN (SELECT value FROM json_each({json}))""")
                .SingleAsync());
        }
        var bytes = FileBytes.OfDatabase(_host.CentralPath);
        foreach (var (form, needle) in DsrPupil.Traces(_host, pupil))
        {
            Assert.True(bytes.WhereFound(needle).Count == 0, $"{form} is still in {string.Join(", ", bytes.WhereFound(needle))}");
        }
        Assert.True(older is { Delta: false, Upserts.Count: 2 });
        Assert.DoesNotContain(older.Upserts.Keys, pseudonyms.Contains);
        Assert.True(current is { Delta: true, Upserts.Count: 0, Removed.Count: 0, ListSize: 2 });
    }

    /// <summary>Pupils enrolled first, so the list is longer than the changes (a delta longer than the list is sent whole).</summary>
    private const int Bystanders = 5;

    private async Task EnrollBystandersAsync() => await EnrollAsync([.. SyntheticRoster.Generate(3 + Bystanders, seed: 808).Skip(3)]);

    private static (SyntheticStudent A, SyntheticStudent B, SyntheticStudent C) Pupils()
    {
        var pupils = SyntheticRoster.Generate(3 + Bystanders, seed: 808);
        return (pupils[0], pupils[1], pupils[2]);
    }

    private async Task EnrollAsync(params SyntheticStudent[] pupils) =>
        await Support.PupilSetup.EnrollAsync(_host.Central.App.Services, pupils, DsrPupil.AllPurposes);

    private Core.Identifiers.CardToken Token(SyntheticStudent pupil) => Support.Roster.Token(pupil, _host.Get<KeyRing>());

    private string Pseudonym(Core.Identifiers.CardToken token, CoreType purpose) => Support.Roster.Pseudonym(token, purpose, _host.Get<KeyRing>());

    /// <summary>The pupil's gate pseudonym under the current gate key.</summary>
    private string Gate(SyntheticStudent pupil) => Pseudonym(Token(pupil), CoreType.Gate);

    private async Task<long> VersionAsync(CoreType purpose) => await _host.Get<AllowListQueries>().VersionAsync(purpose);

    private async Task<int> JournalRowsAsync(CoreType purpose)
    {
        await using var store = _host.Store();
        return await store.Database
            .SqlQuery<int>($"""SELECT count(*) AS "Value" FROM "AllowListJournal" WHERE "Purpose" = {purpose.Name()}""")
            .SingleAsync();
    }

    /// <summary>Asks for the purpose's list holding <paramref name="held"/>, in pages of two so paging is exercised.</summary>
    private async Task<Answer> FetchAsync(CoreType purpose, long held)
    {
        var client = new Support.ReaderLinkClient(_channel);
        using var call = client.GetAllowList(new AllowListRequest { PageSize = 2, HeldVersion = held }, _credentials[purpose]);
        var pages = new List<AllowListPage>();
        await foreach (var page in call.ResponseStream.ReadAllAsync())
        {
            pages.Add(page);
        }
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Equal((pages[0].Delta, pages[0].Version, pages[0].PageCount), (p.Delta, p.Version, p.PageCount)));
        Assert.Equal(Enumerable.Range(0, pages.Count), pages.Select(p => p.PageIndex));
        Assert.False(string.IsNullOrEmpty(pages[0].PolicyJson));
        var upserts = pages.SelectMany(p => p.Entries).ToDictionary(e => e.Pseudonym);
        var removed = pages.SelectMany(p => p.Removed).ToList();
        Assert.Equal(pages[0].TotalEntries, upserts.Count + removed.Count);
        return new Answer(pages[0].Delta, pages[0].BaseVersion, pages[0].Version, upserts, removed, pages[0].ListSize);
    }

    private sealed record Answer(bool Delta, long BaseVersion, long Version, Dictionary<string, Protos.V1.AllowListEntry> Upserts, List<string> Removed, long ListSize);
}
