namespace StudentCard.FirmwareSim;

/// <summary>Bytes seen on the board's line, which way, and when (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
public sealed record WireEvent(bool FromHost, long Timestamp, byte[] Bytes);
