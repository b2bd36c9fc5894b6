using System.Collections.Concurrent;
using System.Threading.Channels;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// The readers this process knows to be revoked, as <see cref="ReaderRevocationWatcher"/> last read them from the store, and
/// the nudge that makes the watcher look at once after a revocation made here. The store is the truth; this is its copy,
/// never wrong (a revocation is for good) and at most one <see cref="PollPeriod"/> late.
/// </summary>
public sealed class RevokedReaders
{
    /// <summary>How often the store is asked for revocations made elsewhere, and how long a cached registration is trusted.</summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, bool> _ids = new(StringComparer.Ordinal);
    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool Contains(string? readerId) => readerId is not null && _ids.ContainsKey(readerId);

    /// <summary>Asks the watcher to read the store now rather than at its next period.</summary>
    public void Nudge() => _nudges.Writer.TryWrite(true);

    /// <summary>Adds the ids read from the store; returns those not known before.</summary>
    internal List<string> Add(IEnumerable<string> readerIds) => readerIds.Where(id => _ids.TryAdd(id, true)).ToList();

    /// <summary>Waits for a nudge or for <paramref name="period"/>, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(period, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _nudges.Reader.WaitToReadAsync(either.Token);
            _nudges.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
