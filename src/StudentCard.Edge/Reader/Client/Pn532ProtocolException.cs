namespace StudentCard.Edge.Reader;

/// <summary>The PN532 answered with something the protocol does not allow (error frame, wrong TFI, bad payload).</summary>
public sealed class Pn532ProtocolException(string message) : Pn532Exception(message);
