using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Benchmarks.Report;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using RetentionSweeper = StudentCard.Central.Retention.RetentionSweeper;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// Figure 6: Central's own RetentionSweeper deletes millions of expired bus passages from a real
/// central.db while a reader keeps sending passages; the figure is the sweep's time, and the ingest
/// round trip (publish → Central's ack after the commit) while it runs beside the same round trip
/// without it, in the same run on the same store.
/// </summary>
public static class RetentionScenario
{
    private const int PassagesPerBatch = 10;
    private const int BatchesPerSecond = 100;
    private const string Reader = "bus-bench";

    public static async Task<Figure> RunAsync(BenchSize size, TextWriter log)
    {
        // The sweeper sweeps once at start (nothing to do) and is then asked directly, so its hourly timer never interferes.
        await using var central = await BenchCentral.StartAsync(new Dictionary<string, string?> { ["Retention:SweepInterval"] = "01:00:00" });
        var sweeper = central.App.Services.GetRequiredService<RetentionSweeper>();
        await WaitAsync(() => sweeper.LastSweep is not null, "the sweep at start");

        var seeding = Stopwatch.GetTimestamp();
        SeedExpired(central.DatabasePath, size.ExpiredPassages);
        log.WriteLine($"retention: {size.ExpiredPassages:N0} expired passages written in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:0.0} s");

        await using var reader = await IngestingReader.ConnectAsync(central);
        // Warm the path (JIT, page cache of the recent end of the index) before measuring.
        await reader.PacedAsync(() => false, TimeSpan.FromSeconds(1));
        var quiet = Distribution.Of(await reader.PacedAsync(() => false, size.LoadDuration * 2));

        var started = Stopwatch.GetTimestamp();
        var sweep = Task.Run(() => sweeper.SweepOnceAsync());
        var during = Distribution.Of(await reader.PacedAsync(() => sweep.IsCompleted, TimeSpan.FromHours(2)));
        var result = await sweep;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var deleted = result.PassagesDeleted.Values.Sum();
        if (deleted != size.ExpiredPassages || !result.Checkpointed)
        {
            throw new InvalidOperationException($"The sweep deleted {deleted:N0} of {size.ExpiredPassages:N0} expired passages (checkpointed: {result.Checkpointed}).");
        }
        log.WriteLine($"retention sweep: {deleted:N0} passages in {seconds:0.0} s; ingest without sweep: {quiet}; during the sweep: {during}");

        return new Figure(
            $"Retention sweep of {size.ExpiredPassages:N0} expired passages; ingest round trip (publish → ack) at {BatchesPerSecond * PassagesPerBatch:N0} passages/s meanwhile",
            string.Create(CultureInfo.InvariantCulture, $"sweep {seconds:0.0} s ({deleted / seconds:N0} rows/s); ingest during it: median {during.MedianMs:0.00} ms, p99 {during.P99Ms:0.00} ms"),
            string.Create(CultureInfo.InvariantCulture, $"median {quiet.MedianMs:0.00} ms, p99 {quiet.P99Ms:0.00} ms"),
            "ingest round trip without a sweep",
            during.P99Ms / quiet.P99Ms,
            "—",
            $"ratio = p99 during / p99 without; {during.Count:N0} and {quiet.Count:N0} batches of {PassagesPerBatch}");
    }

    /// <summary>Expired bus passages (three days old, past the 48 h retention) written straight into the store, 100,000 per transaction.</summary>
    private static void SeedExpired(string databasePath, int count)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false");
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-200000;";
            pragmas.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Passages (Id, ReaderId, Purpose, Pseudonym, KeyVersion, OccurredAt, Decision, Reason, Direction, ReceivedAt) " +
            "VALUES ($id, $reader, 'bus', $pseudonym, 1, $at, $decision, $reason, 'none', $at);";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var readerId = insert.Parameters.Add("$reader", SqliteType.Text);
        var pseudonym = insert.Parameters.Add("$pseudonym", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var decision = insert.Parameters.Add("$decision", SqliteType.Text);
        var reason = insert.Parameters.Add("$reason", SqliteType.Text);
        insert.Prepare();
        var pseudonyms = BenchCentral.RandomPseudonyms(50_000, seed: 17).ToArray();
        // Three days ago and older, spread over a month, one passage per 250 ms.
        var newest = DateTimeOffset.UtcNow.AddDays(-3);
        var written = 0;
        while (written < count)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            for (var end = Math.Min(count, written + 100_000); written < end; written++)
            {
                var occurred = newest.AddMilliseconds(-250.0 * (count - written));
                // Entity Framework Core stores a Guid as upper-case text; the sweeper's delete matches on it.
                id.Value = Guid.CreateVersion7(occurred).ToString("D").ToUpperInvariant();
                readerId.Value = $"bus-{written % 40}";
                pseudonym.Value = pseudonyms[written % pseudonyms.Length];
                at.Value = occurred.UtcTicks;
                var refused = written % 20 == 0;
                decision.Value = refused ? "deny" : "allow";
                reason.Value = refused ? "expired" : "none";
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        checkpoint.ExecuteNonQuery();
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>A bus reader sending small batches at a fixed pace and timing each until Central's ack for it arrives.</summary>
    private sealed class IngestingReader : IAsyncDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();
        private readonly string _topic = MqttTopics.Passages(ReaderType.Bus, Reader);

        private IngestingReader(IMqttClient client)
        {
            _client = client;
            _client.ApplicationMessageReceivedAsync += e =>
            {
                var ack = MessageJson.Deserialize<PassageAck>(MessageJson.Deserialize<SignedCommand>(e.ApplicationMessage.Payload.ToArray()).Payload);
                foreach (var id in ack.Ids)
                {
                    if (_waiting.TryRemove(id, out var done))
                    {
                        done.TrySetResult();
                    }
                }
                return Task.CompletedTask;
            };
        }

        public static async Task<IngestingReader> ConnectAsync(BenchCentral central)
        {
            var secret = await central.RegisterAsync(Reader, ReaderType.Bus);
            var client = new MqttClientFactory().CreateMqttClient();
            var reader = new IngestingReader(client);
            await client.ConnectAsync(new MqttClientOptionsBuilder()
                .WithTcpServer(central.Endpoints.MqttHost, central.Endpoints.MqttPort)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"reader-{Reader}")
                .WithCredentials(Reader, secret)
                .Build());
            await client.SubscribeAsync(MqttTopics.Acks(ReaderType.Bus, Reader), MqttQualityOfServiceLevel.AtLeastOnce);
            return reader;
        }

        /// <summary>One batch every 1/BatchesPerSecond s until <paramref name="stop"/> or the duration; each batch's publish → ack time in ms.</summary>
        public async Task<double[]> PacedAsync(Func<bool> stop, TimeSpan duration)
        {
            var latencies = new ConcurrentBag<double>();
            var pending = new List<Task>();
            var interval = Stopwatch.Frequency / BatchesPerSecond;
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            for (var i = 0; !stop() && Stopwatch.GetTimestamp() < end; i++)
            {
                var due = start + (i * interval);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                pending.Add(SendAsync(latencies));
            }
            await Task.WhenAll(pending);
            return latencies.ToArray();
        }

        private async Task SendAsync(ConcurrentBag<double> latencies)
        {
            var now = DateTimeOffset.UtcNow;
            var batch = Enumerable.Range(0, PassagesPerBatch)
                .Select(_ => new PassageMessage(Guid.CreateVersion7(now), Reader, "bus", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1, now, "allow", "none", "none"))
                .ToList();
            // The batch counts as stored when its last passage is acknowledged (Central acks a batch with one message).
            var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[batch[^1].Id] = acked;
            var begin = Stopwatch.GetTimestamp();
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(_topic)
                .WithPayload(MessageJson.Serialize(new PassageBatch(batch)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await acked.Task.WaitAsync(TimeSpan.FromMinutes(2));
            latencies.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        }

        public async ValueTask DisposeAsync()
        {
            await _client.DisconnectAsync();
            _client.Dispose();
        }
    }
}
