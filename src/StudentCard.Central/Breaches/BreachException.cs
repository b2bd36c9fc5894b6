namespace StudentCard.Central.Breaches;

/// <summary>
/// A step on the breach register that was refused before anything was written; the message says what to do and names no person.
/// <see cref="UnknownBreach"/> tells a breach that does not exist (404 at the API) from a step refused on one that does (400).
/// </summary>
public sealed class BreachException(string message, bool unknownBreach = false) : Exception(message)
{
    public bool UnknownBreach { get; } = unknownBreach;
}
