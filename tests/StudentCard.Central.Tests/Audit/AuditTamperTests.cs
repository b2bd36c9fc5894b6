using StudentCard.Central.Audit;
using StudentCard.Central.Cli;

namespace StudentCard.Central.Tests.Audit;

/// <summary>Every kind of edit to the audit store is caught by verify, which names the first bad entry.</summary>
public sealed class AuditTamperTests
{
    [Fact]
    public async Task An_untouched_chain_verifies_and_names_its_head()
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(6);

        var verification = await audit.Log.VerifyAsync();

        Assert.True(verification.Intact, verification.ToString());
        Assert.Equal(6, verification.EntriesChecked);
        Assert.Equal((6L, entries[^1].Hash), (verification.HeadSequence, verification.HeadHash));
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        Assert.All(entries.Skip(1), (e, i) => Assert.Equal(entries[i].Hash, e.PreviousHash));
    }

    [Theory]
    [InlineData("edit a field", 3, "entry #3 was edited")]
    [InlineData("edit the time", 5, "entry #5 was edited")]
    [InlineData("delete an entry", 3, "entry #3 is missing")]
    [InlineData("delete the first entry", 1, "entry #1 is missing")]
    [InlineData("insert a forged entry with a correct hash", 3, "entry #3 was inserted")]
    [InlineData("insert an entry with a made-up hash", 3, "entry #3 was altered or forged")]
    [InlineData("swap two entries", 3, "entry #3 is out of order")]
    [InlineData("edit an entry and recompute its hash", 3, "entry #3 was rewritten")]
    public async Task Verify_names_the_first_bad_entry(string tampering, long firstBad, string problem)
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(6);

        await audit.TamperAsync(Sql(tampering, entries));
        var verification = await audit.Log.VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal(firstBad, verification.FirstBadSequence);
        Assert.StartsWith(problem, verification.Problem);
    }

    [Fact]
    public async Task The_verify_command_says_intact_or_broken_with_the_entry_and_exit_code()
    {
        await using var audit = await AuditFixture.CreateAsync();
        var entries = await audit.RecordAsync(4);
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await AuditCommands.RunAsync(["audit", "verify", "--data", audit.DataDirectory], output, error));
        Assert.Contains($"Audit log intact: 4 entries checked from the first entry; head #4 {entries[^1].Hash}.", output.ToString());

        await audit.TamperAsync("UPDATE AuditEntries SET Subject = 'gate pseudonym ffffffffffffffffffffffffffffffff' WHERE Sequence = 2;");
        Assert.Equal(AuditCommands.Broken, await AuditCommands.RunAsync(["audit", "verify", "--data", audit.DataDirectory], output, error));
        Assert.Contains("Audit log BROKEN at entry #2: entry #2 was edited", error.ToString());
    }

    private static string Sql(string tampering, List<AuditEntry> entries) => tampering switch
    {
        "edit a field" => "UPDATE AuditEntries SET Reason = 'routine check' WHERE Sequence = 3;",
        "edit the time" => $"UPDATE AuditEntries SET At = At + {TimeSpan.TicksPerHour} WHERE Sequence = 5;",
        "delete an entry" => "DELETE FROM AuditEntries WHERE Sequence = 3;",
        "delete the first entry" => "DELETE FROM AuditEntries WHERE Sequence = 1;",
        "insert a forged entry with a correct hash" => Insert(3, entries[1].Hash, AuditChain.Hash(entries[1].Hash, entries[1].At.AddSeconds(30), "intruder", AuditActions.PassagesRead, "gate pseudonym 0", "none"), entries[1].At.AddSeconds(30)),
        "insert an entry with a made-up hash" => Insert(3, new string('a', 64), new string('b', 64), entries[1].At.AddSeconds(30)),
        "swap two entries" => """
            UPDATE AuditEntries SET Sequence = -3 WHERE Sequence = 3;
            UPDATE AuditEntries SET Sequence = 3 WHERE Sequence = 4;
            UPDATE AuditEntries SET Sequence = 4 WHERE Sequence = -3;
            """,
        "edit an entry and recompute its hash" =>
            $"UPDATE AuditEntries SET Reason = 'routine check', Hash = '{AuditChain.Hash(entries[2].PreviousHash, entries[2].At, entries[2].Actor, entries[2].Action, entries[2].Subject, "routine check")}' WHERE Sequence = 3;",
        _ => throw new ArgumentOutOfRangeException(nameof(tampering), tampering, null),
    };

    /// <summary>Makes room at <paramref name="at"/> by moving the later entries up one, then puts an entry there.</summary>
    private static string Insert(long at, string previousHash, string hash, DateTimeOffset time) => $"""
        UPDATE AuditEntries SET Sequence = -(Sequence + 1) WHERE Sequence >= {at};
        UPDATE AuditEntries SET Sequence = -Sequence WHERE Sequence < 0;
        INSERT INTO AuditEntries (Sequence, At, Actor, Action, Subject, Reason, PreviousHash, Hash)
        VALUES ({at}, {time.UtcTicks}, 'intruder', '{AuditActions.PassagesRead}', 'gate pseudonym 0', 'none', '{previousHash}', '{hash}');
        """;
}
