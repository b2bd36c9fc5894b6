namespace StudentCard.Edge.AllowList;

/// <summary>The allow-list the agent decides from: swapped whole, never half-applied.</summary>
public sealed class LocalAllowList
{
    private AllowListSnapshot _current = AllowListSnapshot.Empty;
    private long _confirmedTicks;

    public AllowListSnapshot Current => Volatile.Read(ref _current);

    /// <summary>When Central last said this list is current: its download, or a later version check that found no change.</summary>
    public DateTimeOffset ConfirmedAt
    {
        get
        {
            var confirmed = new DateTimeOffset(Interlocked.Read(ref _confirmedTicks), TimeSpan.Zero);
            var fetched = Current.FetchedAt;
            return confirmed > fetched ? confirmed : fetched;
        }
    }

    public event Action<AllowListSnapshot>? Replaced;

    public void Replace(AllowListSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Replaced?.Invoke(snapshot);
    }

    public void Confirm(DateTimeOffset at) => Interlocked.Exchange(ref _confirmedTicks, at.UtcTicks);

    /// <summary>Older than the policy allows: an unknown card may be a new one the list has not heard of.</summary>
    public bool IsStale(DateTimeOffset now) => Current.Version > 0 && now - ConfirmedAt > Current.Policy.MaxListAge;
}
