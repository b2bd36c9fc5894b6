namespace StudentCard.FirmwareSim.Cards;

/// <summary>How a card answers one activation: anticollision UID, ATQA, SAK, and its ATS (TL first; empty below ISO 14443-4).</summary>
internal sealed record TagActivation(byte[] Uid, ushort Atqa, byte Sak, byte[] Ats)
{
    /// <summary>A card that always shows the identity it was presented with and speaks no ISO 14443-4.</summary>
    public static TagActivation Fixed(SimulatedCard card) => new(card.Uid, card.Atqa, card.Sak, []);
}
