namespace StudentCard.Core.Rules;

/// <summary>What a gate zone does with a second entry (or exit) in a row: nothing, allow and flag, or deny.</summary>
public enum AntiPassbackMode
{
    Off = 0,
    Soft = 1,
    Hard = 2,
}
