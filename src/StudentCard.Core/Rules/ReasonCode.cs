namespace StudentCard.Core.Rules;

/// <summary>Why a decision was taken; every denial has one.</summary>
public enum ReasonCode
{
    None = 0,
    UnknownCard = 1,
    Expired = 2,
    NotYetValid = 3,
    Revoked = 4,
}
