namespace StudentCard.Central.Safety;

/// <summary>A safety command that was refused before anything was stored or sent; the message says why, without personal data.</summary>
public sealed class SiteModeException(string message) : Exception(message);
