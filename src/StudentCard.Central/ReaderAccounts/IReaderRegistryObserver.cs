namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Told about reader registrations and revocations after they are committed; the place for a
/// broker that keeps its own logins (Mosquitto's password and ACL files) to follow the registry.
/// </summary>
public interface IReaderRegistryObserver
{
    /// <summary>The only moment the reader's secret is known in clear; an observer must not keep or log it.</summary>
    Task ReaderRegisteredAsync(RegisteredReader reader, string secret, CancellationToken cancellationToken);

    Task ReaderRevokedAsync(string readerId, CancellationToken cancellationToken);
}
