using System.Collections.Concurrent;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Registrations already read from the store, so a reader's calls do not each open a store context.
/// A registration changes only when the reader is revoked, and the registry forgets the reader right
/// after committing that, before anything else hears of it, so a revoked reader's next call is refused.
/// </summary>
internal sealed class ReaderRegistrationCache
{
    private readonly ConcurrentDictionary<string, ReaderRegistration> _entries = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private long _revocations;

    /// <summary>Taken before reading the store; a registration read after a revocation began is not kept.</summary>
    public long Generation => Interlocked.Read(ref _revocations);

    public ReaderRegistration? Find(string readerId) => _entries.GetValueOrDefault(readerId);

    /// <summary>Keeps a registration read from the store, unless a revocation happened since <paramref name="generation"/>.</summary>
    public void Remember(ReaderRegistration reader, long generation)
    {
        // Only registered readers are kept (never unknown ids), so the cache is bounded by the registry.
        lock (_changes)
        {
            if (generation == _revocations)
            {
                _entries[reader.Id] = reader;
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
