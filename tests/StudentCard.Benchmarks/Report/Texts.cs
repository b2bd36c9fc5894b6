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

        ## Where a target is missed, and what bounds it

        - **Online check (figures 5 and 6).** Each CheckCard opens a new EF Core context twice: once
          for the reader's registration (revocation must be seen at once, so it is read on every
          call; the PBKDF2 check of the secret is remembered) and once for the entitlement lookup.
          On this machine that is about 0.7 ms of CPU per call, shared with the 32 calling loops,
          so Central saturates near 1,500 checks/s; at 1,000 paced calls/s the queue grows and the
          round trip is seconds. The fix is an in-memory index per purpose (the same immutable
          snapshot the agents use, swapped on every allow-list version) and a cached registration
          invalidated by the registry's revocation event; not done yet. The online check is off by
          default and its 150 ms deadline makes the agent fall back to its local list, so taps are
          never slowed by this.
        - **Retention sweep of 10M passages (issue figure 6)** is not measured yet; the sweeper
          deletes in transactions of 500 rows (about 7 ms each here), which bounds how long ingest
          waits behind it.
        """;
}
