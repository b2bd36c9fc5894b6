namespace StudentCard.Core.Rules;

/// <summary>Days a site is closed for scheduled card holders (holidays, closures), local dates, both ends inclusive.</summary>
public sealed record Closure(DateOnly From, DateOnly To, string? Label = null)
{
    public bool Contains(DateOnly day) => day >= From && day <= To;
}
