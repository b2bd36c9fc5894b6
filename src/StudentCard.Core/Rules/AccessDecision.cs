namespace StudentCard.Core.Rules;

/// <summary>A decision and its reason. An allowance with a reason is let through and flagged (soft anti-passback, evacuation).</summary>
public readonly record struct AccessDecision(Decision Decision, ReasonCode Reason)
{
    public static readonly AccessDecision Allowed = new(Decision.Allow, ReasonCode.None);

    public static AccessDecision Denied(ReasonCode reason) => new(Decision.Deny, reason);

    public static AccessDecision Allow(ReasonCode flag) => new(Decision.Allow, flag);

    public bool IsAllowed => Decision == Decision.Allow;

    public bool IsFlagged => Decision == Decision.Allow && Reason != ReasonCode.None;
}
