using StudentCard.Central.Vault;

namespace StudentCard.Central.Breaches;

/// <summary>The time limit GDPR Art. 33(1) sets for notifying the supervisory authority, and when it is shown as near.</summary>
public static class BreachDeadlines
{
    /// <summary>Notification is due within 72 hours of the controller becoming aware of the breach.</summary>
    public static readonly TimeSpan Authority = TimeSpan.FromHours(72);

    /// <summary>With this little time left the deadline is flagged as due soon.</summary>
    public static readonly TimeSpan DueSoon = TimeSpan.FromHours(24);

    /// <summary>A breach unlikely to result in a risk is documented but not notified (Art. 33(1)).</summary>
    public static bool AuthorityMustBeNotified(BreachRisk risk) => risk != BreachRisk.Unlikely;

    /// <summary>Only a likely high risk obliges the controller to tell the people concerned (Art. 34(1)).</summary>
    public static bool PupilsDecisionNeeded(BreachRisk risk) => risk == BreachRisk.High;
}
