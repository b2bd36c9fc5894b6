namespace StudentCard.Core.Rules;

/// <summary>A named set of weekly opening windows ("pupils", "staff-early", "boarding").</summary>
public sealed record Schedule(string Name, IReadOnlyList<TimeWindow> Windows)
{
    public bool IsOpen(DateTime local) => Windows.Any(w => w.Contains(local));
}
