namespace StudentCard.Edge.Reader;

/// <summary>The four kinds of PN532 frame (UM0701-02 §6.2.1).</summary>
public enum Pn532FrameKind
{
    Information,
    Ack,
    Nack,
    Error,
}
