using StudentCard.FirmwareSim.Cards.Desfire;

namespace StudentCard.FirmwareSim.Cards;

/// <summary>Picks the tag model from the SAK, as a host would: 0x20 = ISO 14443-4 (DESFire), bit 3 set = MIFARE Classic, otherwise Ultralight/NTAG.</summary>
internal static class SimulatedTags
{
    public static ISimulatedTag For(SimulatedCard card) => card.Sak switch
    {
        SimulatedCard.DesfireSak => new DesfireTag(card),
        _ when (card.Sak & 0x08) != 0 => new MifareClassicTag(card),
        _ => new NtagTag(card),
    };
}
