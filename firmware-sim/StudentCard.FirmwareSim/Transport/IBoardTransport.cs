namespace StudentCard.FirmwareSim.Transport;

/// <summary>The wire between a simulated board and its host: a pseudo-terminal or a TCP socket.</summary>
internal interface IBoardTransport : IAsyncDisposable
{
    /// <summary>What the host opens: a device path for a pty, null for TCP.</summary>
    string? DevicePath { get; }

    /// <summary>The TCP port the board listens on, null for a pty.</summary>
    int? Port { get; }
}
