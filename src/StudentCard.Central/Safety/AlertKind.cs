namespace StudentCard.Central.Safety;

/// <summary>Why a card use was flagged.</summary>
public enum AlertKind
{
    LostCardUsed = 1,
    ImpossibleTravel = 2,
    AntiPassback = 3,
}
