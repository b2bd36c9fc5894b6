using StudentCard.Core.Rules;

namespace StudentCard.Edge.Reader;

/// <summary>The LED/buzzer pattern shown for each (decision, reason); a reason without its own entry uses its decision's.</summary>
public sealed class FeedbackPatterns
{
    private static readonly IReadOnlyList<FeedbackStep> AllowPattern =
    [
        new(TimeSpan.Zero, Green: true, Red: false, Buzzer: true),
        new(TimeSpan.FromMilliseconds(120), Green: true, Red: false, Buzzer: false),
        new(TimeSpan.FromMilliseconds(600), Green: false, Red: false, Buzzer: false),
    ];

    private static readonly IReadOnlyList<FeedbackStep> DenyPattern =
    [
        new(TimeSpan.Zero, Green: false, Red: true, Buzzer: true),
        new(TimeSpan.FromMilliseconds(400), Green: false, Red: true, Buzzer: false),
        new(TimeSpan.FromMilliseconds(900), Green: false, Red: false, Buzzer: false),
    ];

    private readonly Dictionary<(Decision, ReasonCode?), IReadOnlyList<FeedbackStep>> _patterns;

    public FeedbackPatterns(IReadOnlyDictionary<(Decision Decision, ReasonCode? Reason), IReadOnlyList<FeedbackStep>>? patterns = null)
    {
        _patterns = new()
        {
            [(Decision.Allow, null)] = AllowPattern,
            [(Decision.Deny, null)] = DenyPattern,
        };
        foreach (var (key, steps) in patterns ?? new Dictionary<(Decision, ReasonCode?), IReadOnlyList<FeedbackStep>>())
        {
            _patterns[key] = steps;
        }
    }

    /// <summary>The steps for this decision and reason, in time order, the first at zero.</summary>
    public IReadOnlyList<FeedbackStep> For(Decision decision, ReasonCode reason) =>
        _patterns.GetValueOrDefault((decision, reason))
        ?? _patterns.GetValueOrDefault((decision, null))
        ?? throw new ArgumentOutOfRangeException(nameof(decision), decision, "No feedback pattern for this decision.");
}
