using StudentCard.Core.Messaging;
using StudentCard.Edge.Outbox;

namespace StudentCard.Edge.Tests.Outbox;

public sealed class PassageOutboxTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 7, 45, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-outbox-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string DbPath => Path.Combine(_directory, "outbox.db");

    private static PassageMessage Passage(int n) =>
        new(Guid.CreateVersion7(T0.AddSeconds(n)), "gate-1", "gate", n.ToString("x32"), 1, T0.AddSeconds(n), "allow", "none", "in");

    [Fact]
    public void Batches_come_oldest_first_and_are_not_taken_twice_before_the_resend_time()
    {
        using var outbox = new PassageOutbox(DbPath);
        for (var i = 0; i < 5; i++)
        {
            outbox.Add(Passage(i));
        }

        var first = outbox.TakeBatch(3, T0, resendBefore: T0.AddSeconds(-10));
        var second = outbox.TakeBatch(3, T0, resendBefore: T0.AddSeconds(-10));
        var nothing = outbox.TakeBatch(3, T0, resendBefore: T0.AddSeconds(-10));

        Assert.Equal([0, 1, 2], first.Select(p => Convert.ToInt32(p.Pseudonym, 16)));
        Assert.Equal([3, 4], second.Select(p => Convert.ToInt32(p.Pseudonym, 16)));
        Assert.Empty(nothing);
        Assert.Equal(5, outbox.Count);
        Assert.Equal(5, outbox.InFlight(T0.AddSeconds(-10)));
    }

    [Fact]
    public void Unconfirmed_passages_are_sent_again_after_the_resend_time_and_after_reconnecting()
    {
        using var outbox = new PassageOutbox(DbPath);
        outbox.Add(Passage(1));
        outbox.TakeBatch(10, T0, T0.AddSeconds(-10));

        Assert.Single(outbox.TakeBatch(10, T0.AddSeconds(11), resendBefore: T0.AddSeconds(1)));
        outbox.MarkAllUnsent();
        Assert.Single(outbox.TakeBatch(10, T0.AddSeconds(12), resendBefore: T0));
    }

    [Fact]
    public void Only_confirmation_removes_a_passage_and_repeated_confirmations_are_harmless()
    {
        using var outbox = new PassageOutbox(DbPath);
        var a = Passage(1);
        var b = Passage(2);
        outbox.Add(a);
        outbox.Add(b);

        Assert.Equal(1, outbox.Confirm([a.Id]));
        Assert.Equal(0, outbox.Confirm([a.Id, Guid.NewGuid()]));
        Assert.Equal(1, outbox.Count);
        Assert.Equal(b.Id, outbox.TakeBatch(10, T0, T0).Single().Id);
    }

    [Fact]
    public void Passages_survive_reopening_the_file_with_every_field_intact()
    {
        var passage = Passage(7) with { Decision = "deny", Reason = "unknown_card", Direction = "out", KeyVersion = 3, Place = "north/main" };
        using (var outbox = new PassageOutbox(DbPath))
        {
            outbox.Add(passage);
            outbox.Add(passage);
        }

        using var reopened = new PassageOutbox(DbPath);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(passage, reopened.TakeBatch(10, T0, T0).Single());
    }

    [Fact]
    public void An_outbox_from_before_passages_had_a_place_keeps_its_rows_and_gains_the_column()
    {
        using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, reader_id TEXT NOT NULL,
                    purpose TEXT NOT NULL, pseudonym TEXT NOT NULL, key_version INTEGER NOT NULL, occurred_at INTEGER NOT NULL,
                    decision TEXT NOT NULL, reason TEXT NOT NULL, direction TEXT NOT NULL, sent_at INTEGER NULL);
                INSERT INTO outbox (id, reader_id, purpose, pseudonym, key_version, occurred_at, decision, reason, direction)
                VALUES ('0194a1b2-0000-7000-8000-000000000001', 'gate-1', 'gate', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1, 1, 'allow', 'none', 'in');
                """;
            create.ExecuteNonQuery();
        }

        using var outbox = new PassageOutbox(DbPath);
        outbox.Add(Passage(1) with { Place = "north/main" });

        var batch = outbox.TakeBatch(10, T0, T0);
        Assert.Equal([null, "north/main"], batch.Select(p => p.Place));
    }
}
