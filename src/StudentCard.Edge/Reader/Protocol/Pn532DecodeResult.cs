namespace StudentCard.Edge.Reader;

/// <summary>What the decoder found at the front of a receive buffer.</summary>
public enum Pn532DecodeStatus
{
    /// <summary>No complete frame yet; drop <see cref="Pn532DecodeResult.Consumed"/> garbage bytes and read more.</summary>
    NeedMore,

    /// <summary>A valid frame; drop <see cref="Pn532DecodeResult.Consumed"/> bytes (garbage before it included).</summary>
    Frame,

    /// <summary>A frame with a bad checksum or length; drop <see cref="Pn532DecodeResult.Consumed"/> bytes and resynchronise.</summary>
    Corrupt,
}

/// <summary>One decoding step: the status, how many bytes to drop, and the frame or the problem found.</summary>
public readonly record struct Pn532DecodeResult(Pn532DecodeStatus Status, int Consumed, Pn532Frame? Frame, string? Problem);
