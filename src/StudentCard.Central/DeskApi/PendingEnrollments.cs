using System.Collections.Concurrent;

namespace StudentCard.Central.DeskApi;

/// <summary>
/// The open enrollment of each desk, at most one, held in memory only. It lives for minutes
/// (a staff member opens it, the student taps), so nothing is lost worth keeping when Central
/// restarts: the desk is told "no pending enrollment" and the staff member opens it again. Keeping
/// it out of every file also keeps the student number it holds inside the vault, the one store
/// allowed to hold it.
/// </summary>
public sealed class PendingEnrollments(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PendingEnrollment> _byDesk = new(StringComparer.Ordinal);

    /// <summary>Opens (or replaces) the desk's pending enrollment.</summary>
    public void Open(PendingEnrollment pending) => _byDesk[pending.DeskId] = pending;

    /// <summary>The desk's pending enrollment, or null when there is none or it expired (an expired one is dropped).</summary>
    public PendingEnrollment? Find(string deskId)
    {
        if (!_byDesk.TryGetValue(deskId, out var pending))
        {
            return null;
        }
        if (pending.ExpiresAt > time.GetUtcNow())
        {
            return pending;
        }
        _byDesk.TryRemove(new KeyValuePair<string, PendingEnrollment>(deskId, pending));
        return null;
    }

    /// <summary>Removes this very pending enrollment (not one opened since); true if it was still open.</summary>
    public bool Close(PendingEnrollment pending) =>
        _byDesk.TryRemove(new KeyValuePair<string, PendingEnrollment>(pending.DeskId, pending));

    public bool Cancel(string deskId) => _byDesk.TryRemove(deskId, out _);
}
