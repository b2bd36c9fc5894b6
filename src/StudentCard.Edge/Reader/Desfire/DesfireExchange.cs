namespace StudentCard.Edge.Reader;

/// <summary>Sends one native DESFire command frame to the card in the field and returns its answer, status byte first.</summary>
public delegate Task<byte[]> DesfireExchange(ReadOnlyMemory<byte> frame, CancellationToken ct);
