namespace StudentCard.Core.Keys;

/// <summary>A key file that is missing, unreadable or malformed. Its message never holds key material.</summary>
public sealed class KeyFileException(string message) : Exception(message);
