namespace StudentCard.Central.Passages;

/// <summary>
/// Counts of what ingest saw since start: passages stored new, passages that arrived again
/// after they were stored (redeliveries that de-duplication absorbed), and passages refused (acknowledged,
/// not stored: a place, time or word Central could not store truthfully). For health output and tests.
/// </summary>
public sealed class IngestStatistics
{
    private long _stored;
    private long _alreadyStored;
    private long _batches;
    private long _refused;

    public long Stored => Interlocked.Read(ref _stored);

    public long AlreadyStored => Interlocked.Read(ref _alreadyStored);

    public long Batches => Interlocked.Read(ref _batches);

    public long Refused => Interlocked.Read(ref _refused);

    public void Record(int stored, int alreadyStored)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _alreadyStored, alreadyStored);
    }

    public void RecordRefused(int refused) => Interlocked.Add(ref _refused, refused);
}
