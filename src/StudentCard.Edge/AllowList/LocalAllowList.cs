namespace StudentCard.Edge.AllowList;

/// <summary>The allow-list the agent decides from: swapped whole, never half-applied.</summary>
public sealed class LocalAllowList
{
    private AllowListSnapshot _current = AllowListSnapshot.Empty;

    public AllowListSnapshot Current => Volatile.Read(ref _current);

    public event Action<AllowListSnapshot>? Replaced;

    public void Replace(AllowListSnapshot snapshot)
    {
        Volatile.Write(ref _current, snapshot);
        Replaced?.Invoke(snapshot);
    }
}
