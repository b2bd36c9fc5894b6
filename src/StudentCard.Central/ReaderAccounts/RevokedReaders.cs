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
    private readonly Lock _waiting = new();
    private TaskCompletionSource? _nextCheck;
    private bool _watched;

    public bool Contains(string? readerId) => readerId is not null && _ids.ContainsKey(readerId);

    /// <summary>
    /// Asks the watcher to read the store now rather than at its next period; completes once it has read the store and told
    /// every listener (at once where no watcher runs, as in the command line).
    /// </summary>
    public Task NudgeAsync(CancellationToken cancellationToken)
    {
        Task next;
        lock (_waiting)
        {
            if (!_watched)
            {
                return Task.CompletedTask;
            }
            _nextCheck ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _nextCheck.Task;
        }
        _nudges.Writer.TryWrite(true);
        return next.WaitAsync(cancellationToken);
    }

    /// <summary>Told by the watcher as it starts and stops; a stopping watcher lets every nudge go.</summary>
    internal void Watched(bool watched)
    {
        lock (_waiting)
        {
            _watched = watched;
        }
        if (!watched)
        {
            TakeWaiting()?.TrySetResult();
        }
    }

    /// <summary>Taken by the watcher before it reads the store: the nudges its check answers.</summary>
    internal TaskCompletionSource? TakeWaiting()
    {
        lock (_waiting)
        {
            var waiting = _nextCheck;
            _nextCheck = null;
            return waiting;
        }
    }

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
