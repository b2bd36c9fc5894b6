using StudentCard.Core.Rules;

namespace StudentCard.Edge.Display;

/// <summary>The words a driver or a pupil reads for each decision and reason: short, plain, about the card, never the person.</summary>
public static class ReasonWords
{
    public const string Valid = "VALID";
    public const string NotValid = "NOT VALID";

    public static readonly IReadOnlyDictionary<ReasonCode, string> All = new Dictionary<ReasonCode, string>
    {
        [ReasonCode.None] = "OK",
        [ReasonCode.UnknownCard] = "Card not recognised",
        [ReasonCode.Expired] = "Card expired",
        [ReasonCode.NotYetValid] = "Card not valid yet",
        [ReasonCode.Revoked] = "Card withdrawn",
        [ReasonCode.OutsideSchedule] = "Not allowed at this time",
        [ReasonCode.AntiPassback] = "Already tapped in",
        [ReasonCode.Lockdown] = "Lockdown: entry closed",
        [ReasonCode.NotEligibleForRoute] = "Not valid on this route",
        [ReasonCode.StaleAllowList] = "Reader offline, list out of date",
        [ReasonCode.LostCard] = "Card reported lost",
        [ReasonCode.NotEligibleHere] = "Not valid at this entrance",
        [ReasonCode.Evacuation] = "Evacuation: doors released",
        [ReasonCode.Closed] = "Closed today",
    };

    /// <summary>The words for a reason; a reason added to the code without words shows its number rather than nothing.</summary>
    public static string For(ReasonCode reason) => All.TryGetValue(reason, out var words) ? words : $"Reason {(int)reason}";

    public static string Verdict(Decision decision) => decision == Decision.Allow ? Valid : NotValid;
}
