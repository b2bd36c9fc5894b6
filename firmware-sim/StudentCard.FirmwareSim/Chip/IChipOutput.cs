namespace StudentCard.FirmwareSim;

/// <summary>Where the simulated PN532 writes the bytes it sends to the host (a UART, a socket, a test buffer).</summary>
public interface IChipOutput
{
    /// <summary>Queues bytes for the host; must not block for long, the chip calls it under its lock.</summary>
    void Write(ReadOnlySpan<byte> bytes);
}
