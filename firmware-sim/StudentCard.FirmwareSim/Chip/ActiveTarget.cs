using StudentCard.FirmwareSim.Cards;

namespace StudentCard.FirmwareSim.Chip;

/// <summary>A card the chip has activated with InListPassiveTarget, known to the host by its target number.</summary>
internal sealed class ActiveTarget(byte number, SimulatedCard card, ISimulatedTag tag)
{
    public byte Number { get; } = number;

    public SimulatedCard Card { get; } = card;

    public ISimulatedTag Tag { get; } = tag;

    public bool Selected { get; set; } = true;

    /// <summary>The card left the field since it was activated; coming back does not reactivate it.</summary>
    public bool Lost { get; set; }
}
