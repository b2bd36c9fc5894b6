namespace StudentCard.Benchmarks.Report;

/// <summary>The fixed prose of docs/PERFORMANCE.md around the measured table.</summary>
public static class Texts
{
    public const string Preamble = """
        Every figure is measured by `dotnet run -c Release --project tests/StudentCard.Benchmarks`, which
        rewrites this page. Each figure stands beside a baseline measured in the same run on the same
        machine, and the ratio between them is what to compare across machines: absolute times on a
        shared 2-core machine are noisy. Client and server share the machine's cores in every network figure.
        """;

    public const string Explanations = """
        ## How each figure is taken

        1. **Allow-list memory**: managed heap growth when one immutable snapshot of the cards is built
           (a dictionary from the pseudonym's 128 bits to its validity ticks).
        2. **Full sync**: a real agent starts against a real Central holding the cards; time until the
           whole list is in force (paged gRPC stream, 5,000 per page, then the binary disk copy is
           written). Baseline: reading the same rows straight from SQLite.
        3. **Decision at the edge**: the simulated PN532 timestamps the bytes on its pseudo-terminal; the
           figure is the time from the last byte of the InListPassiveTarget answer that lists the card
           to the first byte of the WriteGPIO command that lights the LED. It includes the agent's
           InRelease round trip, the pseudonym derivation, the allow-list lookup and the durable
           (fsynced) outbox commit, which happens before the feedback. Baseline: the time a real
           115200-baud UART needs for the answer frame and the feedback frame alone.
        4. **Revocation**: Central revokes a card, publishes the allow-list notice; the agent fetches the
           new list and swaps it in. Time until the card's pseudonym is gone from the agent's list.
        5. **Online check**: CheckCard with the reader's credentials against the million entitlements,
           started at 1,000 calls/s; baseline: a bare echo service on the same Kestrel setup.
        6. **Throughput**: 32 concurrent callers, flat out, against the same pair.
        7. **Ingest**: passages published over MQTT in batches of 200 (as agents send them) until
           Central has committed every row; baseline: the same rows inserted into the same columns of
           a fresh SQLite file, 200 per transaction, with one reused prepared command.
        8. **Per tap CPU work**: BenchmarkDotNet (short run, in process) for the pure functions on the
           tap path; baseline: the two bare HMAC-SHA256 calls the derivation is made of.

        The retention sweep of 10M passages (issue figure 6) is not measured yet.
        """;
}
