namespace StudentCard.Core.Rules;

/// <summary>Whether a card on a list may be used. A lost card stays listed so that its use is denied and flagged, not just unknown.</summary>
public enum CardStatus
{
    Active = 0,
    Lost = 1,
}
