namespace StudentCard.Central.DeskApi;

/// <summary>
/// The answer to a card tapped at a desk: what happened and what to do next, and for a bound card whether the pupil holds
/// any right now or later (null when nothing was bound). It never names a person or a card.
/// </summary>
public sealed record DeskBinding(DeskBindingOutcome Outcome, string Message, bool? PupilHasRights = null);

/// <summary>What became of a card tapped at a desk; only Bound changed anything.</summary>
public enum DeskBindingOutcome
{
    Bound = 1,
    NoPendingEnrollment = 2,
    CardAlreadyEnrolled = 3,
    CardRevoked = 4,
    UnknownStudent = 5,
    InvalidCardToken = 6,
    StudentAlreadyHasCard = 7,
}
