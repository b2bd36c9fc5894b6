namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// Told by <see cref="ReaderRevocationWatcher"/> about readers revoked in the store, by this process or any other (the
/// command line, another Central): the place to cut what a revoked reader still holds, such as its open MQTT sessions.
/// Called again with the same ids when a listener failed, so handling an id twice must be harmless.
/// </summary>
public interface IReaderRevocationListener
{
    Task ReadersRevokedAsync(IReadOnlyCollection<string> readerIds, CancellationToken cancellationToken);
}
