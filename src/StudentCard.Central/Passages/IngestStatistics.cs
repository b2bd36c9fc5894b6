namespace StudentCard.Central.Passages;

/// <summary>
/// Counts of what ingest saw since start: passages stored new and passages that arrived again
/// after they were stored (redeliveries that de-duplication absorbed). For health output and tests.
/// </summary>
public sealed class IngestStatistics
{
    private long _stored;
    private long _alreadyStored;
    private long _batches;

    public long Stored => Interlocked.Read(ref _stored);

    public long AlreadyStored => Interlocked.Read(ref _alreadyStored);

    public long Batches => Interlocked.Read(ref _batches);

    public void Record(int stored, int alreadyStored)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _alreadyStored, alreadyStored);
    }
}
