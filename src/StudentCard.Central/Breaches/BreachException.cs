namespace StudentCard.Central.Breaches;

/// <summary>A step on the breach register that was refused before anything was written; the message says what to do and names no person.</summary>
public sealed class BreachException(string message) : Exception(message);
