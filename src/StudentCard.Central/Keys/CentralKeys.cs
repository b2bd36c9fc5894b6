using StudentCard.Core.Keys;

namespace StudentCard.Central.Keys;

/// <summary>
/// Central's key ring as it is now. A rotation replaces it whole (key file first, then memory),
/// so every reader of <see cref="Ring"/> sees one consistent set of versions.
/// </summary>
public sealed class CentralKeys(KeyRing initial, string keyFilePath)
{
    private KeyRing _ring = initial;

    public KeyRing Ring => Volatile.Read(ref _ring);

    public string KeyFilePath { get; } = keyFilePath;

    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>
    /// Held by every change that derives pseudonyms or changes keys, so none of them misses a key
    /// version; disposing the result lets the next change in.
    /// </summary>
    public async Task<IDisposable> HoldChangesAsync(CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        return new Held(_changes);
    }

    /// <summary>Writes the ring to the key file (owner-only, atomic rename), then makes it current.</summary>
    public void Replace(KeyRing ring)
    {
        KeyFile.Write(KeyFilePath, ring);
        Volatile.Write(ref _ring, ring);
    }

    private sealed class Held(SemaphoreSlim changes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                changes.Release();
            }
        }
    }
}
