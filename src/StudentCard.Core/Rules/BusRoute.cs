namespace StudentCard.Core.Rules;

/// <summary>A bus route the schools run, by the name bus readers and rules use ("r1"), with a label for people.</summary>
public sealed record BusRoute(string Name, string? Label = null);
