namespace StudentCard.Edge.Reader;

/// <summary>The connection to the reader could not be opened or broke.</summary>
public sealed class ReaderTransportException : Pn532Exception
{
    public ReaderTransportException(string message)
        : base(message)
    {
    }

    public ReaderTransportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
