namespace StudentCard.Core.Rules;

/// <summary>
/// Why a decision was taken. Every denial has one; an allowance carries one only when it is
/// worth a second look (soft anti-passback, released for an evacuation).
/// </summary>
public enum ReasonCode
{
    None = 0,
    UnknownCard = 1,
    Expired = 2,
    NotYetValid = 3,
    Revoked = 4,
    OutsideSchedule = 5,
    AntiPassback = 6,
    Lockdown = 7,
    NotEligibleForRoute = 8,
    StaleAllowList = 9,
    LostCard = 10,
    NotEligibleHere = 11,
    Evacuation = 12,
    Closed = 13,
}
