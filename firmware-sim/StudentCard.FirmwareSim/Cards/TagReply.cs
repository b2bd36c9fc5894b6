namespace StudentCard.FirmwareSim.Cards;

/// <summary>What the PN532 reports after talking to a card: its status byte and the card's answer.</summary>
internal readonly record struct TagReply(byte Status, byte[] Data)
{
    public static TagReply Answer(byte[] data) => new(Protocol.Pn532Status.Ok, data);

    public static TagReply Failed(byte status) => new(status, []);
}
