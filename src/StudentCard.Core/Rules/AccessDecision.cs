namespace StudentCard.Core.Rules;

/// <summary>A decision and its reason.</summary>
public readonly record struct AccessDecision(Decision Decision, ReasonCode Reason)
{
    public static readonly AccessDecision Allowed = new(Decision.Allow, ReasonCode.None);

    public static AccessDecision Denied(ReasonCode reason) => new(Decision.Deny, reason);

    public bool IsAllowed => Decision == Decision.Allow;
}
