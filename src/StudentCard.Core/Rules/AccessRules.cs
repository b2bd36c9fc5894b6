namespace StudentCard.Core.Rules;

/// <summary>The access rules as pure functions, the same on the agent and in Central.</summary>
public static class AccessRules
{
    public static AccessDecision Decide(AllowListEntry? entry, DateTimeOffset now)
    {
        if (entry is null)
        {
            return AccessDecision.Denied(ReasonCode.UnknownCard);
        }
        if (now < entry.ValidFrom)
        {
            return AccessDecision.Denied(ReasonCode.NotYetValid);
        }
        if (now >= entry.ValidUntil)
        {
            return AccessDecision.Denied(ReasonCode.Expired);
        }
        return AccessDecision.Allowed;
    }
}
