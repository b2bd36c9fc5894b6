namespace StudentCard.Edge.Link;

/// <summary>
/// What the agent knows about its connection to Central, for the reader feedback and the driver display, and the
/// moments a connection opens and ends, for the parts that act on them (the outbox drain, the allow-list check).
/// </summary>
public sealed class LinkState
{
    private long _lastContactTicks;
    private int _connected;
    private int _outboxAlarm;
    private long _confirmed;

    /// <summary>
    /// A connection is open and subscribed. Handlers run on the link's loop before it does anything else on the new
    /// connection, so they should only note what is due.
    /// </summary>
    public event Action? ConnectionOpened;

    /// <summary>A connection ended or an attempt to open one failed.</summary>
    public event Action? ConnectionEnded;

    /// <summary>False is the offline indicator: taps are still decided locally and kept in the outbox.</summary>
    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>The outbox holds more passages than its alarm threshold (every one is still kept).</summary>
    public bool OutboxAlarm => Volatile.Read(ref _outboxAlarm) == 1;

    public DateTimeOffset? LastContact
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastContactTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public long ConfirmedPassages => Interlocked.Read(ref _confirmed);

    public void MarkConnected(DateTimeOffset at)
    {
        Volatile.Write(ref _connected, 1);
        Touch(at);
        ConnectionOpened?.Invoke();
    }

    public void MarkDisconnected()
    {
        Volatile.Write(ref _connected, 0);
        ConnectionEnded?.Invoke();
    }

    public void Touch(DateTimeOffset at) => Interlocked.Exchange(ref _lastContactTicks, at.UtcTicks);

    public void AddConfirmed(int count) => Interlocked.Add(ref _confirmed, count);

    /// <summary>Sets the alarm flag; true when this call changed it.</summary>
    public bool SetOutboxAlarm(bool raised) => Interlocked.Exchange(ref _outboxAlarm, raised ? 1 : 0) != (raised ? 1 : 0);
}
