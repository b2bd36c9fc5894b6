namespace StudentCard.FirmwareSim.Cards;

/// <summary>Picks the tag model from the SAK, as a host would: bit 3 set = MIFARE Classic, otherwise Ultralight/NTAG.</summary>
internal static class SimulatedTags
{
    public static ISimulatedTag For(SimulatedCard card) =>
        (card.Sak & 0x08) != 0 ? new MifareClassicTag(card) : new NtagTag(card.Uid);
}
