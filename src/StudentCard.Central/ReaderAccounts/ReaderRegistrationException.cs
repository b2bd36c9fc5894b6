namespace StudentCard.Central.ReaderAccounts;

/// <summary>A reader registration that cannot be made or changed (id taken, unknown id).</summary>
public sealed class ReaderRegistrationException(string message) : Exception(message);
