namespace StudentCard.Edge.Reader;

/// <summary>The byte pipe to a reader (serial port, TCP, in-memory), modelled on OSDP.Net's IOsdpConnection.</summary>
public interface IReaderTransport : IAsyncDisposable
{
    Task OpenAsync(CancellationToken ct);

    /// <summary>Reads at least one byte; returns 0 only when the other end has gone away.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct);

    ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct);

    bool IsOpen { get; }
}
