using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.Retention;

/// <summary>After a sweep, expired passages are gone from every byte of central.db and its WAL, not only from queries.</summary>
public sealed class SecureDeletionTests
{
    [Fact]
    public async Task After_a_sweep_no_expired_pseudonym_or_id_is_left_in_the_database_or_wal_bytes()
    {
        using var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        await using var central = await RetentionCentral.StartAsync(directory, clock);
        // Central's clock after the last batch below, which it would otherwise refuse as coming from the future.
        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromMinutes(10));
        var expired = new List<PassageMessage>();
        var kept = new List<PassageMessage>();
        foreach (var (type, reader) in new[] { (ReaderType.Gate, "gate-1"), (ReaderType.Bus, "bus-1"), (ReaderType.Library, "library-1") })
        {
            await central.RegisterAsync(reader, type);
            // Many small batches, as agents send them: rows spread over many pages and WAL frames.
            for (var batch = 0; batch < 10; batch++)
            {
                var at = RetentionCentral.T0 + TimeSpan.FromMinutes(batch);
                expired.AddRange(await central.IngestAsync(type, reader, Enumerable.Range(0, 20)
                    .Select(i => RetentionCentral.Passage(type, reader, at.AddSeconds(i), i % 7 == 0 ? "deny" : "allow", type == ReaderType.Gate ? (i % 2 == 0 ? "in" : "out") : "none"))
                    .ToList()));
            }
        }
        var database = Path.Combine(central.DataDirectory, "central.db");

        // The search finds what is there: before any sweep every passage is in the files.
        var before = FileBytes.OfDatabase(database);
        Assert.All(expired, p => Assert.NotEmpty(before.WhereFound(FileBytes.Forms(p.Pseudonym).First().Bytes)));
        Assert.All(expired, p => Assert.NotEmpty(before.WhereFound(FileBytes.Forms(p.Id).ElementAt(1).Bytes)));

        // Moving the clock also wakes the background sweeper; the explicit sweep below makes the outcome certain.
        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromDays(7));
        foreach (var (type, reader) in new[] { (ReaderType.Gate, "gate-1"), (ReaderType.Bus, "bus-1"), (ReaderType.Library, "library-1") })
        {
            kept.AddRange(await central.IngestAsync(type, reader, Enumerable.Range(0, 5)
                .Select(i => RetentionCentral.Passage(type, reader, clock.GetUtcNow().AddSeconds(i))).ToList()));
        }

        clock.SetUtcNow(RetentionCentral.T0 + TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        var sweep = await central.Sweeper.SweepOnceAsync();

        Assert.True(sweep.Checkpointed);
        var after = FileBytes.OfDatabase(database);
        Assert.Equal(0, after.Length("central.db-wal"));
        var leftovers = expired
            .SelectMany(p => FileBytes.Forms(p.Id).Concat(FileBytes.Forms(p.Pseudonym)).Select(form => (p, form)))
            .SelectMany(x => after.WhereFound(x.form.Bytes).Select(file => $"{x.form.Form} of passage {x.p.Id} in {file}"))
            .ToList();
        Assert.Empty(leftovers);
        // The passages still within their retention are there, so the search would have found the others.
        Assert.All(kept, p => Assert.Contains("central.db", after.WhereFound(FileBytes.Forms(p.Pseudonym).First().Bytes)));
        Assert.Equal(kept.Select(p => p.Id).Order(), (await central.StoredIdsAsync()).Order());
    }
}
