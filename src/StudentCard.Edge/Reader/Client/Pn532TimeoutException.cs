namespace StudentCard.Edge.Reader;

/// <summary>The PN532 did not acknowledge or answer a command in time.</summary>
public sealed class Pn532TimeoutException(string message) : Pn532Exception(message);
