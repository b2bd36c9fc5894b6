using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StudentCard.Benchmarks.Report;
using StudentCard.Central.Keys;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.AllowList;
using StudentCard.FirmwareSim;
using AllowListSendStatistics = StudentCard.Central.AllowList.AllowListSendStatistics;
using EnrollmentService = StudentCard.Central.CardEnrollment.EnrollmentService;
using SyntheticEnrollment = StudentCard.Central.StartupProvisioning.SyntheticEnrollment;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// Figures 1 and 5: a real agent on a real pseudo-terminal to the simulated PN532, holding an allow-list
/// of a million gate cards fetched from a real Central: decision time on the line, allow-list memory,
/// full sync time, and how long one revocation takes to be enforced at the reader.
/// </summary>
public static class EdgeScenario
{
    private const double BitsPerByte = 10;
    private const double Baud = 115_200;

    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSize size, TextWriter log)
    {
        var figures = new List<Figure>();
        figures.Add(Memory(size));

        await using var central = await BenchCentral.StartAsync(new Dictionary<string, string?>(SyntheticEnrollment.PlaceSettings));
        central.SeedEntitlements(ReaderType.Gate, BenchCentral.RandomPseudonyms(size.AllowListCards, seed: 7));
        var roster = SyntheticRoster.Generate(100, seed: 99);
        var now = DateTimeOffset.UtcNow;
        await SyntheticEnrollment.EnrollAsync(roster, central.Keys.Site, now,
            central.App.Services.GetRequiredService<EnrollmentService>(), central.App.Services.GetRequiredService<Central.Rights.RuleService>());
        var gatePupils = roster.Where((_, i) => SyntheticEnrollment.IsEntitled(i, ReaderType.Gate)).ToArray();
        var expected = size.AllowListCards + gatePupils.Length;
        var rawRead = RawReadSeconds(central.DatabasePath);

        var reader = await central.Local.RegisterReaderAsync("gate-bench", ReaderType.Gate);
        await using var board = SimulatedBoard.StartOnPseudoTerminal(null, "gate-bench");

        var syncStarted = Stopwatch.GetTimestamp();
        using var agent = central.Local.BuildAgent(reader, board.DevicePath!);
        await agent.StartAsync();
        var allowList = agent.Services.GetRequiredService<LocalAllowList>();
        await WaitAsync(() => allowList.Current.Count >= expected, TimeSpan.FromMinutes(5), "the agent's first allow-list");
        var syncSeconds = Stopwatch.GetElapsedTime(syncStarted).TotalSeconds;
        log.WriteLine($"allow-list sync of {allowList.Current.Count:N0} entries: {syncSeconds:0.00} s (raw SQLite read {rawRead:0.00} s)");
        figures.Add(new Figure(
            $"Allow-list full sync, {allowList.Current.Count:N0} cards (agent start → list in force)",
            string.Create(CultureInfo.InvariantCulture, $"{syncSeconds:0.00} s"),
            string.Create(CultureInfo.InvariantCulture, $"{rawRead:0.00} s"),
            "raw SQLite read of the same rows",
            syncSeconds / rawRead,
            "—",
            "paged gRPC stream, binary disk copy written"));

        figures.Add(await DecisionAsync(board, gatePupils, size.EdgeTaps, allowList.Current.Count, log));
        figures.Add(await RevocationAsync(central, allowList, gatePupils[0], log));
        return figures;
    }

    private static Figure Memory(BenchSize size)
    {
        var entries = BenchCentral.RandomPseudonyms(size.AllowListCards, seed: 13)
            .Select(p => new Core.Rules.AllowListEntry(p, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue)).ToArray();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var snapshot = AllowListSnapshot.Create(1, entries, DateTimeOffset.UtcNow, entries.Length);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var bytesPerCard = (after - before) / (double)snapshot.Count;
        GC.KeepAlive(snapshot);
        var rawBytes = 16 + 8 + 8;
        return new Figure(
            $"Allow-list memory at the agent, {snapshot.Count:N0} cards",
            string.Create(CultureInfo.InvariantCulture, $"{(after - before) / 1048576.0:0.0} MiB ({bytesPerCard:0} B/card)"),
            string.Create(CultureInfo.InvariantCulture, $"{rawBytes * snapshot.Count / 1048576.0:0.0} MiB ({rawBytes} B/card)"),
            "the entries' bare bytes (pseudonym + validity)",
            bytesPerCard / rawBytes,
            "—");
    }

    /// <summary>From the last byte of the InListPassiveTarget answer to the first byte of the WriteGPIO feedback, on the line.</summary>
    private static async Task<Figure> DecisionAsync(SimulatedBoard board, SyntheticStudent[] pupils, int taps, int cards, TextWriter log)
    {
        var wire = new ConcurrentQueue<WireEvent>();
        board.Wire += wire.Enqueue;
        var feedback = 0;
        var lit = 0;
        board.FeedbackChanged += e =>
        {
            Volatile.Write(ref lit, e.Green || e.Red ? 1 : 0);
            if (e.Green || e.Red)
            {
                Interlocked.Increment(ref feedback);
            }
        };
        // Where each tap's traffic starts on the line. The reader lists a card on every poll while it stays in the field (the
        // agent's hold-off ignores the repeats), and a pattern's later steps are GPIO writes too, so only the first listing
        // after a card is presented, and the first GPIO write after it, belong to the decision.
        var starts = new List<int>();
        for (var i = 0; i < taps; i++)
        {
            var seen = Volatile.Read(ref feedback);
            var card = SimulatedCard.FromHex(Convert.ToHexString(pupils[i % pupils.Length].CardUid));
            starts.Add(wire.Count);
            board.Field.Present(card);
            await WaitAsync(() => Volatile.Read(ref feedback) > seen, TimeSpan.FromSeconds(10), "the reader's feedback");
            board.Field.Remove(card.Uid);
            // The pattern runs to its end (at most 1.2 s) before the next card, so none of its steps falls into the next tap.
            await WaitAsync(() => Volatile.Read(ref lit) == 0, TimeSpan.FromSeconds(10), "the feedback pattern to end");
            await Task.Delay(60);
        }
        var events = wire.ToArray();
        var samples = new List<double>();
        var wireBytes = new List<int>();
        foreach (var start in starts)
        {
            var listed = Array.FindIndex(events, start, e => !e.FromHost && Contains(e.Bytes, [0xD5, 0x4B, 0x01]));
            var gpio = listed < 0 ? -1 : Array.FindIndex(events, listed + 1, e => e.FromHost && Contains(e.Bytes, [0xD4, 0x0E]));
            if (gpio < 0)
            {
                continue;
            }
            samples.Add(Stopwatch.GetElapsedTime(events[listed].Timestamp, events[gpio].Timestamp).TotalMilliseconds);
            wireBytes.Add(events[listed].Bytes.Length + 11);
        }
        var decision = Distribution.Of(samples);
        var wireMs = wireBytes.Count == 0 ? double.NaN : wireBytes.Average() * BitsPerByte / Baud * 1000;
        log.WriteLine($"decision at the edge: {decision}; wire time of the frames at 115200 baud: {wireMs:0.00} ms");
        return new Figure(
            $"Decision at the edge (list answer → feedback command), {cards:N0}-card allow-list, real serial path",
            $"median {decision.MedianMs:0.00} ms, p99 {decision.P99Ms:0.00} ms",
            string.Create(CultureInfo.InvariantCulture, $"{wireMs:0.00} ms"),
            "wire time of those frames at 115200 baud",
            decision.MedianMs / wireMs,
            "well under the 200 ms card transaction",
            string.Create(CultureInfo.InvariantCulture, $"{samples.Count} taps; includes the agent's InRelease round trip and the durable outbox commit"));
    }

    private static async Task<Figure> RevocationAsync(BenchCentral central, LocalAllowList allowList, SyntheticStudent pupil, TextWriter log)
    {
        var token = PseudonymDeriver.CardToken(new CardUid(pupil.CardUid), central.Keys.Site);
        var pseudonym = PseudonymDeriver.Pseudonym(token, ReaderType.Gate, central.Keys.Current(ReaderType.Gate)).Value;
        if (allowList.Current.Find(pseudonym) is null)
        {
            throw new InvalidOperationException("The pupil to revoke is not on the agent's allow-list.");
        }
        var sends = central.App.Services.GetRequiredService<AllowListSendStatistics>();
        var (fullBefore, deltasBefore, entriesBefore) = (sends.FullLists, sends.Deltas, sends.EntriesSent);
        var started = Stopwatch.GetTimestamp();
        await central.App.Services.GetRequiredService<EnrollmentService>().RevokeCardAsync(token);
        // Reported lost: enforced once the reader's list no longer has the card as active (it stays listed as lost).
        await WaitAsync(() => allowList.Current.Find(pseudonym) is not { Status: Core.Rules.CardStatus.Active }, TimeSpan.FromMinutes(2), "the revocation at the agent");
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var (full, deltas, entries) = (sends.FullLists - fullBefore, sends.Deltas - deltasBefore, sends.EntriesSent - entriesBefore);
        log.WriteLine($"revocation enforced at the reader after {seconds:0.00} s ({deltas} deltas, {full} whole lists, {entries} entries sent)");
        return new Figure(
            $"One revocation: Central → enforced at an online reader ({allowList.Current.Count:N0} cards)",
            string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s"),
            "—",
            "none",
            null,
            "within seconds",
            full == 0
                ? $"sent as a delta: {entries:N0} entries sent ({deltas} delta answer{(deltas == 1 ? "" : "s")}, no whole list)"
                : $"{entries:N0} entries sent ({full} whole list{(full == 1 ? "" : "s")}, {deltas} deltas)");
    }

    private static double RawReadSeconds(string databasePath)
    {
        var started = Stopwatch.GetTimestamp();
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=false;Mode=ReadOnly");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT Pseudonym, ValidFrom, ValidUntil FROM Entitlements WHERE Purpose = 'gate';";
        using var reader = read.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            _ = reader.GetString(0);
            rows += reader.GetInt64(1) ^ reader.GetInt64(2);
        }
        GC.KeepAlive(rows);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
            await Task.Delay(5);
        }
    }
}
