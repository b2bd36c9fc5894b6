using StudentCard.Edge.Reader;
using StudentCard.Protos.V1;
using Decision = StudentCard.Core.Rules.Decision;
using ReasonCode = StudentCard.Core.Rules.ReasonCode;

namespace StudentCard.Edge.Enrollment;

/// <summary>
/// What the desk board shows for Central's answer to a tapped card. Green: bound, the pupil holds a right now or later.
/// Amber (both LEDs) with two long beeps: bound, but the pupil holds no right, so the card opens nothing yet. Red: refused.
/// </summary>
public static class DeskFeedback
{
    public static readonly IReadOnlyList<FeedbackStep> Bound = FeedbackPatterns.Defaults[(Decision.Allow, ReasonCode.None)];

    public static readonly IReadOnlyList<FeedbackStep> BoundWithoutRights = FeedbackRhythm.Steady(FeedbackLed.Amber, "LL");

    public static readonly IReadOnlyList<FeedbackStep> CardRevoked = FeedbackPatterns.Defaults[(Decision.Deny, ReasonCode.Revoked)];

    public static readonly IReadOnlyList<FeedbackStep> Refused = FeedbackPatterns.Defaults[(Decision.Deny, ReasonCode.UnknownCard)];

    internal static IReadOnlyList<FeedbackStep> For(EnrollmentOutcome outcome, PupilRights rights) => outcome switch
    {
        EnrollmentOutcome.Bound when rights == PupilRights.None => BoundWithoutRights,
        EnrollmentOutcome.Bound => Bound,
        EnrollmentOutcome.CardRevoked => CardRevoked,
        _ => Refused,
    };
}
