namespace StudentCard.Central.AllowList;

/// <summary>Counts what <c>GetAllowList</c> has sent since start: whole lists, deltas, and entries (removals included).</summary>
public sealed class AllowListSendStatistics
{
    private long _fullLists;
    private long _deltas;
    private long _entriesSent;

    public long FullLists => Interlocked.Read(ref _fullLists);

    public long Deltas => Interlocked.Read(ref _deltas);

    public long EntriesSent => Interlocked.Read(ref _entriesSent);

    public void FullListSent(long entries)
    {
        Interlocked.Increment(ref _fullLists);
        Interlocked.Add(ref _entriesSent, entries);
    }

    public void DeltaSent(long entries)
    {
        Interlocked.Increment(ref _deltas);
        Interlocked.Add(ref _entriesSent, entries);
    }
}
