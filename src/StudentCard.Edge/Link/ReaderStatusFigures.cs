namespace StudentCard.Edge.Link;

/// <summary>
/// The figures the reader's retained heartbeat tells Central: the passages waiting in the outbox and the allow-list version
/// held. The agent's wiring says where they are read from, so the link need not know the outbox or the allow-list.
/// </summary>
public sealed class ReaderStatusFigures(Func<int> backlog, Func<long> allowListVersion)
{
    public int Backlog => backlog();

    public long AllowListVersion => allowListVersion();
}
