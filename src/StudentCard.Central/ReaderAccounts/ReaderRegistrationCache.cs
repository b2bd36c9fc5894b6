using System.Collections.Concurrent;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Registrations already read from the store, so a reader's calls do not each open a store context. A registration changes
/// only when the reader is revoked. The registry forgets the reader right after committing a revocation made in this process,
/// and the revocation watcher forgets those made elsewhere; an entry is trusted for <see cref="RevokedReaders.PollPeriod"/>
/// only, so even a watcher that cannot reach the store never lets the cache answer for a revoked reader longer than that.
/// </summary>
internal sealed class ReaderRegistrationCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ReaderRegistration Reader, long ReadAt)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private long _revocations;

    /// <summary>Taken before reading the store; a registration read after a revocation began is not kept.</summary>
    public long Generation => Interlocked.Read(ref _revocations);

    public ReaderRegistration? Find(string readerId)
    {
        if (!_entries.TryGetValue(readerId, out var entry))
        {
            return null;
        }
        if (time.GetElapsedTime(entry.ReadAt) > RevokedReaders.PollPeriod)
        {
            _entries.TryRemove(KeyValuePair.Create(readerId, entry));
            return null;
        }
        return entry.Reader;
    }

    /// <summary>Keeps a registration read from the store, unless a revocation happened since <paramref name="generation"/>.</summary>
    public void Remember(ReaderRegistration reader, long generation, long readAt)
    {
        // Only registered readers are kept (never unknown ids), so the cache is bounded by the registry.
        lock (_changes)
        {
            if (generation == _revocations)
            {
                _entries[reader.Id] = (reader, readAt);
            }
        }
    }

    public void Forget(string readerId)
    {
        lock (_changes)
        {
            _revocations++;
            _entries.TryRemove(readerId, out _);
        }
    }
}
