namespace StudentCard.Central.Passages;

/// <summary>Told about passages committed for the first time (never about redeliveries), after the commit.</summary>
public interface IStoredPassagesObserver
{
    Task OnStoredAsync(IReadOnlyList<StoredPassage> passages, CancellationToken cancellationToken);
}
