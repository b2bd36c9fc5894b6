using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace StudentCard.Central.Tests.Audit;

/// <summary>Old audit entries expire behind a chain checkpoint; the store refuses edits and early deletions itself.</summary>
public sealed class AuditRetentionTests
{
    [Fact]
    public async Task Expired_entries_give_way_to_a_checkpoint_from_which_the_chain_still_verifies()
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(10);

        var removed = await audit.Log.ExpireAsync(entries[4].At.AddTicks(1));

        Assert.Equal(5, removed);
        await using (var db = audit.Db())
        {
            Assert.Equal(Enumerable.Range(6, 5).Select(i => (long)i), await db.Entries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
            var checkpoint = await db.Checkpoints.SingleAsync();
            Assert.Equal((5L, entries[4].Hash, 5L), (checkpoint.UpToSequence, checkpoint.Hash, checkpoint.Removed));
        }
        var verification = await audit.Log.VerifyAsync();
        Assert.True(verification.Intact, verification.ToString());
        Assert.Equal((5L, 5L), (verification.EntriesChecked, (long)verification.CheckpointSequence!));

        // The chain goes on from the checkpoint, and later expiries stack further checkpoints.
        var next = await audit.Log.RecordAsync("dpo", "subject.request", "request 2026-17", "access request by a guardian");
        Assert.Equal((11L, entries[^1].Hash), (next.Sequence, next.PreviousHash));
        Assert.Equal(6, await audit.Log.ExpireAsync(next.At.AddTicks(1)));
        Assert.True((await audit.Log.VerifyAsync()).Intact);
        var after = await audit.Log.RecordAsync("dpo", "subject.request", "request 2026-18", "erasure request");
        Assert.Equal((12L, next.Hash), (after.Sequence, after.PreviousHash));
        Assert.True((await audit.Log.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Removing_the_first_entry_after_a_checkpoint_is_still_caught()
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(8);
        await audit.Log.ExpireAsync(entries[2].At.AddTicks(1));

        await audit.TamperAsync("DELETE FROM AuditEntries WHERE Sequence = 4;");
        var verification = await audit.Log.VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(4, verification.FirstBadSequence);
    }

    [Fact]
    public async Task A_broken_chain_is_not_expired_so_the_evidence_stays()
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(6);
        await audit.TamperAsync("UPDATE AuditEntries SET Actor = 'someone else' WHERE Sequence = 2;");

        Assert.Equal(0, await audit.Log.ExpireAsync(entries[^1].At.AddDays(1)));

        await using var db = audit.Db();
        Assert.Equal(6, await db.Entries.CountAsync());
        Assert.Equal(2, (await audit.Log.VerifyAsync()).FirstBadSequence);
    }

    [Fact]
    public async Task The_store_itself_refuses_to_change_an_entry_or_delete_one_not_behind_a_checkpoint()
    {
        await using var audit = await AuditFixture.CreateAsync();
        await audit.RecordAsync(3);
        await using var connection = new SqliteConnection($"Data Source={audit.DatabasePath};Pooling=False");
        await connection.OpenAsync();

        var update = await Assert.ThrowsAsync<SqliteException>(() => Execute(connection, "UPDATE AuditEntries SET Reason = 'x' WHERE Sequence = 1;"));
        var delete = await Assert.ThrowsAsync<SqliteException>(() => Execute(connection, "DELETE FROM AuditEntries WHERE Sequence = 1;"));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("only behind a checkpoint", delete.Message);
        Assert.True((await audit.Log.VerifyAsync()).Intact);
    }

    [Theory]
    [InlineData("", "passages.read", "gate pseudonym 1", "reason", "actor")]
    [InlineData("admin", "passages.read", "gate pseudonym 1", " ", "reason")]
    [InlineData("admin", "", "gate pseudonym 1", "reason", "action")]
    public async Task An_entry_without_who_what_or_why_is_refused(string actor, string action, string subject, string reason, string missing)
    {
        await using var audit = await AuditFixture.CreateAsync();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => audit.Log.RecordAsync(actor, action, subject, reason));

        Assert.Equal(missing, refused.ParamName);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
