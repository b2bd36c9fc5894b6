using StudentCard.Core.Rules;
using static StudentCard.Edge.Reader.FeedbackRhythm;

namespace StudentCard.Edge.Reader;

/// <summary>
/// The LED/buzzer pattern shown for each (decision, reason), every one distinct; a pair without its own entry uses its
/// decision's. While the agent is offline, an allowance ends with a short red blink.
/// </summary>
public sealed class FeedbackPatterns
{
    /// <summary>
    /// The defaults. Green is let through, red is not. Red steady: something about the card; red flashing with the beeps:
    /// this place, this time or this site's state. The words for each reason are in <c>Display/ReasonWords</c>.
    /// </summary>
    public static readonly IReadOnlyDictionary<(Decision Decision, ReasonCode Reason), IReadOnlyList<FeedbackStep>> Defaults =
        new Dictionary<(Decision, ReasonCode), IReadOnlyList<FeedbackStep>>
        {
            [(Decision.Allow, ReasonCode.None)] = Steady(FeedbackLed.Green, "S"),
            [(Decision.Allow, ReasonCode.AntiPassback)] = Steady(FeedbackLed.Green, "SS"),
            [(Decision.Allow, ReasonCode.Evacuation)] = Flashing(FeedbackLed.Green, "SSS"),

            [(Decision.Deny, ReasonCode.UnknownCard)] = Steady(FeedbackLed.Red, "L"),
            [(Decision.Deny, ReasonCode.Expired)] = Steady(FeedbackLed.Red, "SS"),
            [(Decision.Deny, ReasonCode.NotYetValid)] = Steady(FeedbackLed.Red, "SSS"),
            [(Decision.Deny, ReasonCode.Revoked)] = Steady(FeedbackLed.Red, "LS"),
            [(Decision.Deny, ReasonCode.LostCard)] = Steady(FeedbackLed.Red, "LL"),
            [(Decision.Deny, ReasonCode.StaleAllowList)] = Steady(FeedbackLed.Red, "SL"),

            [(Decision.Deny, ReasonCode.NotEligibleForRoute)] = Flashing(FeedbackLed.Red, "SS"),
            [(Decision.Deny, ReasonCode.NotEligibleHere)] = Flashing(FeedbackLed.Red, "SL"),
            [(Decision.Deny, ReasonCode.OutsideSchedule)] = Flashing(FeedbackLed.Red, "SSS"),
            [(Decision.Deny, ReasonCode.Closed)] = Flashing(FeedbackLed.Red, "SSSS"),
            [(Decision.Deny, ReasonCode.AntiPassback)] = Flashing(FeedbackLed.Red, "LS"),
            [(Decision.Deny, ReasonCode.Lockdown)] = Flashing(FeedbackLed.Red, "LL"),
        };

    private static readonly IReadOnlyList<FeedbackStep> AllowFallback = Defaults[(Decision.Allow, ReasonCode.None)];
    private static readonly IReadOnlyList<FeedbackStep> DenyFallback = Defaults[(Decision.Deny, ReasonCode.UnknownCard)];

    private readonly Dictionary<(Decision, ReasonCode?), IReadOnlyList<FeedbackStep>> _patterns;
    private readonly OfflineIndicator? _offline;

    /// <param name="patterns">Overrides by (decision, reason); a null reason sets that decision's fallback.</param>
    /// <param name="offline">When given, allowances made while it says offline get the offline tail.</param>
    public FeedbackPatterns(
        IReadOnlyDictionary<(Decision Decision, ReasonCode? Reason), IReadOnlyList<FeedbackStep>>? patterns = null,
        OfflineIndicator? offline = null)
    {
        _offline = offline;
        _patterns = new()
        {
            [(Decision.Allow, null)] = AllowFallback,
            [(Decision.Deny, null)] = DenyFallback,
        };
        foreach (var ((decision, reason), steps) in Defaults)
        {
            _patterns[(decision, reason)] = steps;
        }
        foreach (var (key, steps) in patterns ?? new Dictionary<(Decision, ReasonCode?), IReadOnlyList<FeedbackStep>>())
        {
            _patterns[key] = steps;
        }
    }

    /// <summary>The steps for this decision and reason now (with the offline tail while offline), the first at zero.</summary>
    public IReadOnlyList<FeedbackStep> For(Decision decision, ReasonCode reason) =>
        For(decision, reason, offline: _offline is { IsOffline: true });

    /// <summary>The steps for this decision and reason, in time order, the first at zero.</summary>
    public IReadOnlyList<FeedbackStep> For(Decision decision, ReasonCode reason, bool offline)
    {
        var steps = _patterns.GetValueOrDefault((decision, reason))
            ?? _patterns.GetValueOrDefault((decision, null))
            ?? throw new ArgumentOutOfRangeException(nameof(decision), decision, "No feedback pattern for this decision.");
        // Only an allowance gets the tail: a red pattern ending in red would say nothing new.
        return offline && decision == Decision.Allow ? WithOfflineTail(steps) : steps;
    }
}
