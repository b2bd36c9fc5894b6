using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Passages;
using StudentCard.Central.Stores;
using StudentCard.Core;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// Real SIGKILLs: each reader's agent runs as its own process (the built StudentCard.Edge.dll with
/// a settings file), reads a burst of cards from a simulated PN532 board over TCP, and is killed with
/// SIGKILL in the middle of the burst, then started again from the same files.
/// </summary>
/// <remarks>
/// What counts as sent. A tap is a passage once the pupil got an answer: the agent commits the
/// passage to its outbox (fsynced) and only then drives the LEDs and buzzer. So the board's own
/// record of answered taps (the buzzer-on WriteGPIO of each feedback, matched in order to the cards
/// the same agent process listed) is the "sent" side. A kill can land at three points of a tap:
/// before the outbox commit (no passage, no answer: the pupil saw nothing and taps again, so it is
/// not a passage and must not appear), between the commit and the feedback (a passage with no answer:
/// it is in the outbox the kill left and must reach Central once), or after the feedback (an answered
/// tap: it must reach Central once). The test therefore requires: every answered tap stored exactly
/// once; every passage in the outbox the kill left stored exactly once; nothing stored for a card
/// that was never listed; and no card stored twice.
/// </remarks>
[Collection(ResilienceCollection.Name)]
public sealed class AgentKillTests(ITestOutputHelper output)
{
    private const int CardsPerReader = 5_100;

    [Fact]
    public async Task Agents_killed_with_SIGKILL_mid_burst_and_restarted_from_their_files_lose_and_duplicate_no_passage()
    {
        await using var system = await ResilienceSystem.StartAsync(output, BrokerKind.Embedded, students: CardsPerReader);
        var cards = system.Students.Select(s => s.CardUid).ToArray();
        await using var gate = await ProcessAgentRig.StartAsync(system, "gate-k1", ReaderType.Gate, cards);
        await using var bus = await ProcessAgentRig.StartAsync(system, "bus-k2", ReaderType.Bus, cards);
        gate.Board.BeginBurst();
        bus.Board.BeginBurst();

        await Task.WhenAll(
            Task.Run(async () =>
            {
                // Offline first, so the kill finds a long run of passages on disk that Central never confirmed.
                await AnsweredAsync(gate, 1_200);
                gate.Proxy.Down();
                await AnsweredAsync(gate, 2_400);
                gate.Kill();
                gate.StartAgent();
                await AnsweredAsync(gate, 3_000);
                gate.Proxy.Up();
            }),
            Task.Run(async () =>
            {
                // Online: the kill lands among batches in flight and confirmations on their way back.
                await AnsweredAsync(bus, 2_000);
                bus.Kill();
                bus.StartAgent();
            }));
        await Eventually.WaitAsync(() => Alive(gate) && Alive(bus) && gate.Board.Done && bus.Board.Done, "every card of both bursts listed and answered", 300);
        await Eventually.WaitAsync(
            async () => (Gate: await TallyAsync(system, gate), Bus: await TallyAsync(system, bus), Backlog: gate.OutboxCount() + bus.OutboxCount()),
            x => x.Gate.Lost == 0 && x.Bus.Lost == 0 && x.Backlog == 0,
            "every passage stored and both outboxes emptied",
            120);

        var tallies = new[] { await TallyAsync(system, gate), await TallyAsync(system, bus) };
        foreach (var tally in tallies)
        {
            output.WriteLine(tally.ToString());
        }
        output.WriteLine($"agents SIGKILLed mid-burst, restarted from their files [{system.Broker}]: sent {tallies.Sum(t => t.Sent)} / stored {tallies.Sum(t => t.Stored)}"
            + $" / lost {tallies.Sum(t => t.Lost)} / duplicated {tallies.Sum(t => t.Duplicated)} (redeliveries absorbed by Central: {system.AlreadyStored})");

        Assert.True(gate.OutboxAtDeath[0].Count > 0, "the gate agent was killed with nothing unconfirmed in its outbox");
        Assert.True(tallies.Sum(t => t.Sent) >= 10_000, $"only {tallies.Sum(t => t.Sent)} taps were answered");
        Assert.All(tallies, tally =>
        {
            Assert.Equal(0, tally.Lost);
            Assert.Equal(0, tally.Duplicated);
            Assert.Equal(0, tally.WrongDecisions);
            Assert.Equal(tally.Sent, tally.Stored);
            // Stored without an answer: only passages committed just before the kill, never more than were listed then.
            Assert.InRange(tally.StoredUnanswered, 0, tally.ListedUnanswered);
        });
    }

    private static bool Alive(ProcessAgentRig rig)
    {
        Assert.False(rig.Current.HasExited, $"the agent of {rig.ReaderId} exited on its own:\n{rig.Tails()}");
        return true;
    }

    private static async Task AnsweredAsync(ProcessAgentRig rig, int taps)
    {
        var deadline = DateTime.UtcNow.AddSeconds(240);
        while (rig.Board.Answered < taps)
        {
            Alive(rig);
            Assert.True(DateTime.UtcNow < deadline, $"{rig.ReaderId} answered only {rig.Board.Answered} of {taps} taps:\n{rig.Tails()}");
            await Task.Delay(5);
        }
    }

    private static async Task<KillTally> TallyAsync(ResilienceSystem system, ProcessAgentRig rig)
    {
        var rows = await PassagesAsync(system, rig.ReaderId);
        var answered = new List<(int Card, bool Green)>();
        var listed = new HashSet<int>();
        var listedUnanswered = 0;
        var answersWithoutListing = 0;
        foreach (var (cardsListed, green) in rig.Board.Lives())
        {
            listed.UnionWith(cardsListed);
            answered.AddRange(green.Take(cardsListed.Count).Select((g, k) => (cardsListed[k], g)));
            listedUnanswered += Math.Max(0, cardsListed.Count - green.Count);
            answersWithoutListing += Math.Max(0, green.Count - cardsListed.Count);
        }
        var storedCards = rows.Select(r => rig.Pseudonyms.GetValueOrDefault(r.Pseudonym, -1)).ToList();
        var storedIds = rows.Select(r => r.Id).ToHashSet();
        var stored = storedCards.Where(c => c >= 0).ToHashSet();
        var answeredCards = answered.Select(a => a.Card).ToHashSet();
        return new KillTally(
            rig.ReaderId,
            Sent: answered.Count,
            Stored: answered.Count(a => stored.Contains(a.Card)),
            Lost: answered.Count(a => !stored.Contains(a.Card)) + rig.OutboxAtDeath.Sum(ids => ids.Count(id => !storedIds.Contains(id))),
            Duplicated: rows.Count - stored.Count + storedCards.Count(c => c >= 0 && !listed.Contains(c)),
            WrongDecisions: rows.Zip(storedCards).Count(x => x.Second >= 0 && x.First.Decision != Expected(x.Second))
                + answered.Count(a => a.Green != ResilienceSystem.IsEntitled(a.Card))
                + answersWithoutListing,
            ListedUnanswered: listedUnanswered,
            StoredUnanswered: stored.Count(c => !answeredCards.Contains(c)),
            OutboxAtDeath: rig.OutboxAtDeath.Sum(ids => ids.Count));
    }

    private static string Expected(int card) => ResilienceSystem.IsEntitled(card) ? "allow" : "deny";

    private static async Task<List<Passage>> PassagesAsync(ResilienceSystem system, string readerId)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(system.Root, "central", "central.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await using (connection)
        {
            await connection.OpenAsync();
            await using var db = new CentralDbContext(new DbContextOptionsBuilder<CentralDbContext>().UseSqlite(connection).Options);
            return await db.Passages.AsNoTracking().Where(p => p.ReaderId == readerId).ToListAsync();
        }
    }

    /// <summary>One reader's account of the scenario, counted against the taps its board answered.</summary>
    private sealed record KillTally(string ReaderId, int Sent, int Stored, int Lost, int Duplicated, int WrongDecisions, int ListedUnanswered, int StoredUnanswered, int OutboxAtDeath)
    {
        public override string ToString() =>
            $"{ReaderId}: sent {Sent} (taps answered at the board) / stored {Stored} / lost {Lost} / duplicated {Duplicated};"
            + $" passages in the outbox the kill left: {OutboxAtDeath}; listed but unanswered when killed: {ListedUnanswered},"
            + $" of which stored (committed before the kill): {StoredUnanswered}; decisions not matching the allow-list: {WrongDecisions}";
    }
}
