namespace StudentCard.Central.Breaches;

/// <summary>The audit log's action names for the breach register, one per kind of step.</summary>
public static class BreachActions
{
    public const string Recorded = "breach.record";
    public const string Updated = "breach.update";
    public const string Proposed = "breach.propose-pupils";
    public const string PupilsConfirmed = "breach.confirm-pupils";
    public const string PupilRemoved = "breach.remove-pupil";
    public const string AuthorityNotified = "breach.notify-authority";
    public const string Delayed = "breach.delay";
    public const string Decided = "breach.decide";
    public const string PupilsInformed = "breach.inform-pupils";
    public const string Closed = "breach.close";
}
