using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using StudentCard.Benchmarks.Report;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using IngestStatistics = StudentCard.Central.Passages.IngestStatistics;
using StudentCard.Local;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// Figure 4: passages published over MQTT (batches of 200, as agents send them) until Central has
/// committed every row, through the embedded broker and through Mosquitto, beside raw SQLite inserts
/// of the same rows in batches of 200 with one reused prepared command.
/// </summary>
public static class IngestScenario
{
    private const int BatchSize = 200;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSize size, TextWriter log)
    {
        var passages = Passages(size.IngestPassages);
        var baseline = RawSqliteRate(passages);
        log.WriteLine($"raw SQLite: {baseline:0} rows/s");

        double embedded;
        await using (var central = await BenchCentral.StartAsync())
        {
            embedded = await IngestRateAsync(central, passages);
        }
        log.WriteLine($"ingest: {embedded:0} rows/s (embedded broker)");
        var figures = new List<Figure> { Row("embedded broker", passages.Count, embedded, baseline, "") };

        if (MosquittoBroker.Executable is null)
        {
            log.WriteLine("Mosquitto is not installed: its ingest row is left empty");
            figures.Add(new Figure(
                $"Passage ingest MQTT → committed rows, {passages.Count:N0} passages, Mosquitto",
                "not installed", "—", "raw SQLite insert, batches of 200, prepared command", null, "≥ 0.5",
                "install mosquitto (CI does) to measure this row"));
            return figures;
        }
        var mosquittoRate = await MosquittoRateAsync(passages);
        log.WriteLine($"ingest: {mosquittoRate:0} rows/s (Mosquitto)");
        figures.Add(Row("Mosquitto", passages.Count, mosquittoRate, baseline, "Mosquitto from deploy/mosquitto/mosquitto.conf (persistence on)"));
        return figures;
    }

    private static Figure Row(string broker, int count, double rate, double baseline, string note) => new(
        $"Passage ingest MQTT → committed rows, {count:N0} passages, {broker}",
        string.Create(CultureInfo.InvariantCulture, $"{rate:N0} rows/s"),
        string.Create(CultureInfo.InvariantCulture, $"{baseline:N0} rows/s"),
        "raw SQLite insert, batches of 200, prepared command",
        rate / baseline,
        "≥ 0.5",
        note);

    /// <summary>Central in External mode writes Mosquitto's password and ACL files, as deployed; the reader then logs in to Mosquitto.</summary>
    private static async Task<double> MosquittoRateAsync(List<PassageMessage> passages)
    {
        await using var central = await BenchCentral.StartAsync(broker: BrokerKind.Mosquitto);
        return await IngestRateAsync(central, passages);
    }

    private static async Task<double> IngestRateAsync(BenchCentral central, List<PassageMessage> passages)
    {
        var secret = await central.RegisterAsync("bus-bench", ReaderType.Bus);
        using var client = new MqttClientFactory().CreateMqttClient();
        // Mosquitto reloads its password file on the SIGHUP sent after the registration: the first attempts may be refused.
        await ConnectAsync(client, new MqttClientOptionsBuilder()
            .WithTcpServer(central.Endpoints.MqttHost, central.Endpoints.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("reader-bus-bench")
            .WithCredentials("bus-bench", secret)
            .Build());

        var topic = MqttTopics.Passages(ReaderType.Bus, "bus-bench");
        var payloads = passages.Chunk(BatchSize).Select(batch => MessageJson.Serialize(new PassageBatch(batch))).ToArray();
        var statistics = central.App.Services.GetRequiredService<IngestStatistics>();
        var storedBefore = statistics.Stored;
        var started = Stopwatch.GetTimestamp();
        // Up to 8 batches in flight, as an agent draining its outbox allows.
        using var window = new SemaphoreSlim(8);
        var inFlight = new List<Task>();
        foreach (var payload in payloads)
        {
            await window.WaitAsync();
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                }
                finally
                {
                    window.Release();
                }
            }));
        }
        await Task.WhenAll(inFlight);
        // Central counts the rows it stored as each transaction commits. Polling COUNT(*) instead held read snapshots on a
        // growing table while ingest wrote (a full scan every 20 ms at 200,000 rows), which slowed the very thing measured.
        while (statistics.Stored - storedBefore < passages.Count)
        {
            await Task.Delay(5);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rows = central.CountPassages();
        if (rows != passages.Count)
        {
            throw new InvalidOperationException($"Central counted {passages.Count:N0} stored passages but the store holds {rows:N0}.");
        }
        return passages.Count / seconds;
    }

    private static async Task ConnectAsync(IMqttClient client, MqttClientOptions options)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.ConnectAsync(options);
                return;
            }
            catch (MqttCommunicationException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static List<PassageMessage> Passages(int count)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-30);
        var pseudonyms = BenchCentral.RandomPseudonyms(Math.Min(count, 50_000), seed: 11).ToArray();
        return Enumerable.Range(0, count)
            .Select(i => new PassageMessage(Guid.CreateVersion7(at.AddMilliseconds(i)), "bus-bench", "bus", pseudonyms[i % pseudonyms.Length], 1, at.AddMilliseconds(i), "allow", "none", "none"))
            .ToList();
    }

    /// <summary>The same rows into the same columns of a fresh WAL file, as fast as SQLite goes with batching.</summary>
    private static double RawSqliteRate(List<PassageMessage> passages)
    {
        var directory = Directory.CreateTempSubdirectory("sc-bench-raw-").FullName;
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")};Pooling=false");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = """
                    PRAGMA journal_mode=WAL;
                    CREATE TABLE Passages (Id TEXT NOT NULL PRIMARY KEY, ReaderId TEXT NOT NULL, Purpose TEXT NOT NULL, Pseudonym TEXT NOT NULL,
                        KeyVersion INTEGER NOT NULL, OccurredAt INTEGER NOT NULL, Decision TEXT NOT NULL, Reason TEXT NOT NULL,
                        Direction TEXT NOT NULL, ReceivedAt INTEGER NOT NULL);
                    CREATE INDEX IX_Passages_Purpose_OccurredAt ON Passages (Purpose, OccurredAt);
                    """;
                setup.ExecuteNonQuery();
            }
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Passages VALUES ($id, $reader, $purpose, $pseudonym, $key, $at, $decision, $reason, $direction, $received) ON CONFLICT(Id) DO NOTHING;";
            var parameters = new[] { "$id", "$reader", "$purpose", "$pseudonym", "$key", "$at", "$decision", "$reason", "$direction", "$received" }
                .Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
            insert.Prepare();
            var started = Stopwatch.GetTimestamp();
            foreach (var batch in passages.Chunk(BatchSize))
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                foreach (var p in batch)
                {
                    parameters[0].Value = p.Id.ToString("D").ToUpperInvariant();
                    parameters[1].Value = p.ReaderId;
                    parameters[2].Value = p.Purpose;
                    parameters[3].Value = p.Pseudonym;
                    parameters[4].Value = p.KeyVersion;
                    parameters[5].Value = p.OccurredAt.UtcTicks;
                    parameters[6].Value = p.Decision;
                    parameters[7].Value = p.Reason;
                    parameters[8].Value = p.Direction;
                    parameters[9].Value = DateTimeOffset.UtcNow.UtcTicks;
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            return passages.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
