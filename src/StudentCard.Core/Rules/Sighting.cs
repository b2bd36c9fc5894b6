namespace StudentCard.Core.Rules;

/// <summary>One use of a card at a known position: what the impossible-journey check compares.</summary>
public readonly record struct Sighting(string ReaderId, GeoPoint Position, DateTimeOffset At);
