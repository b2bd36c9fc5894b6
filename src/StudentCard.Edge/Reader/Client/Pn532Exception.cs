namespace StudentCard.Edge.Reader;

/// <summary>Base of every error the reader driver raises; messages never carry a card UID.</summary>
public class Pn532Exception : Exception
{
    public Pn532Exception(string message)
        : base(message)
    {
    }

    public Pn532Exception(string message, Exception inner)
        : base(message, inner)
    {
    }
}
