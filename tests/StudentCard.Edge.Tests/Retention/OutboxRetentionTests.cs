using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Retention;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Tests.Retention;

/// <summary>Confirmed passages vanish from the outbox files' bytes after a checkpoint; unconfirmed ones are never deleted.</summary>
public sealed class OutboxRetentionTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 7, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-retention-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Confirmed_passages_leave_no_byte_in_the_outbox_or_its_wal_after_the_sweep_and_unconfirmed_ones_stay()
    {
        using var outbox = new PassageOutbox(Path.Combine(_directory, "outbox.db"));
        var passages = Enumerable.Range(0, 60).Select(i => Passage(T0.AddSeconds(i))).ToList();
        // One commit per tap, as the tap path writes them.
        passages.ForEach(outbox.Add);
        Assert.Equal(60, outbox.TakeBatch(60, T0.AddMinutes(2), T0).Count);
        var confirmed = passages.Take(40).ToList();
        var unconfirmed = passages.Skip(40).ToList();
        Assert.Equal(40, outbox.Confirm(confirmed.Select(p => p.Id)));

        // Deleting alone is not enough: the WAL still holds the frames that inserted the confirmed rows.
        var beforeSweep = Bytes(outbox.FilePath);
        Assert.Contains(confirmed, p => Found(beforeSweep, p.Pseudonym));

        Assert.True(Sweeper(outbox, new FakeTimeProvider(T0)).SweepOnce());

        var afterSweep = Bytes(outbox.FilePath);
        Assert.Equal(0, new FileInfo(outbox.FilePath + "-wal").Length);
        var leftovers = confirmed.SelectMany(p => Forms(p).Where(form => Found(afterSweep, form.Bytes)).Select(form => $"{form.Name} of {p.Id}")).ToList();
        Assert.Empty(leftovers);
        Assert.All(unconfirmed, p => Assert.True(Found(afterSweep, p.Pseudonym), "an unconfirmed passage must still be on disk"));
        Assert.Equal(20, outbox.Count);
        Assert.Equal(unconfirmed.Select(p => p.Id), outbox.TakeBatch(100, T0.AddHours(1), T0.AddHours(1)).Select(p => p.Id));
    }

    [Fact]
    public async Task The_background_sweeper_never_deletes_an_unconfirmed_passage_however_old()
    {
        using var outbox = new PassageOutbox(Path.Combine(_directory, "outbox.db"));
        var passages = Enumerable.Range(0, 10).Select(i => Passage(T0.AddSeconds(i))).ToList();
        passages.ForEach(outbox.Add);
        var clock = new FakeTimeProvider(T0);
        var sweeper = Sweeper(outbox, clock);
        using var stop = new CancellationTokenSource();

        await sweeper.StartAsync(stop.Token);
        // A year of sweeps, a day at a time: the agent has been offline all along, nothing was confirmed.
        await WaitForAsync(() =>
        {
            if (clock.GetUtcNow() < T0.AddDays(365))
            {
                clock.Advance(TimeSpan.FromDays(1));
            }
            return sweeper.Sweeps >= 10 && clock.GetUtcNow() >= T0.AddDays(365);
        });
        await sweeper.StopAsync(CancellationToken.None);

        Assert.Equal(10, outbox.Count);
        Assert.Equal(passages.Select(p => p.Id), outbox.TakeBatch(100, clock.GetUtcNow(), clock.GetUtcNow()).Select(p => p.Id));
    }

    private EdgeRetentionSweeper Sweeper(PassageOutbox outbox, TimeProvider clock) => new(
        outbox,
        Options.Create(new EdgeOptions { DataDirectory = _directory }),
        Options.Create(new EdgeRetentionOptions { CheckpointSeconds = 60 }),
        clock,
        NullLogger<EdgeRetentionSweeper>.Instance);

    private static PassageMessage Passage(DateTimeOffset at) =>
        new(Guid.CreateVersion7(at), "gate-1", "gate", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), 1, at, "allow", "ok", "in");

    private static IEnumerable<(string Name, byte[] Bytes)> Forms(PassageMessage passage)
    {
        yield return ("pseudonym as text", Encoding.ASCII.GetBytes(passage.Pseudonym));
        yield return ("pseudonym as 16 bytes", Convert.FromHexString(passage.Pseudonym));
        yield return ("id as text", Encoding.ASCII.GetBytes(passage.Id.ToString("D")));
        yield return ("id as uppercase text", Encoding.ASCII.GetBytes(passage.Id.ToString("D").ToUpperInvariant()));
        yield return ("id as 16 bytes", passage.Id.ToByteArray());
        yield return ("id as 16 bytes (RFC order)", passage.Id.ToByteArray(bigEndian: true));
    }

    private static bool Found(byte[] haystack, string text) => Found(haystack, Encoding.ASCII.GetBytes(text));

    private static bool Found(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>The database, its WAL and shared-memory file, concatenated with a separator no value contains.</summary>
    private static byte[] Bytes(string database)
    {
        using var all = new MemoryStream();
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.CopyTo(all);
            all.Write(new byte[64]);
        }
        return all.ToArray();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
