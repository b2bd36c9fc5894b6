using StudentCard.Central.Vault;

namespace StudentCard.Central.Breaches;

/// <summary>
/// Where a breach stands at a moment: the authority's 72 hours (not needed, pending, due soon, overdue, met or missed),
/// the decision on telling the pupils, a proposal awaiting confirmation, and so whether it needs the DPO now.
/// </summary>
public sealed record BreachStanding(Breach Breach, DateTimeOffset Now, int Proposed, int Confirmed, BreachClock Clock)
{
    public bool IsOpen => Breach.ClosedAt is null;

    public bool AuthorityRequired => BreachDeadlines.AuthorityMustBeNotified(Breach.Risk);

    public bool AuthorityPending => IsOpen && AuthorityRequired && Breach.AuthorityNotifiedAt is null;

    public bool AuthorityOverdue => AuthorityPending && Now > Breach.AuthorityDueAt;

    public bool AuthorityDueSoon => AuthorityPending && !AuthorityOverdue && Breach.AuthorityDueAt - Now <= BreachDeadlines.DueSoon;

    public bool DecisionOwed => IsOpen && BreachDeadlines.PupilsDecisionNeeded(Breach.Risk) && Breach.InformPupils is null;

    public bool PupilsOwed => IsOpen && Breach.InformPupils == true && Breach.PupilsInformedAt is null;

    public bool ProposalPending => IsOpen && Proposed > 0;

    public bool NeedsAttention => AuthorityPending || DecisionOwed || PupilsOwed || ProposalPending;

    /// <summary>Overdue first, then due soon, then anything else owed, then the rest.</summary>
    public int Urgency => AuthorityOverdue ? 0 : AuthorityDueSoon ? 1 : NeedsAttention ? 2 : 3;

    public string AuthorityText
    {
        get
        {
            var due = Breach.AuthorityDueAt;
            if (Breach.AuthorityNotifiedAt is { } notified)
            {
                var late = notified > due ? $", {Span(notified - due)} after the deadline of {Clock.Show(due)}" : $", within the deadline of {Clock.Show(due)}";
                return $"notified {Clock.Show(notified)}{(Breach.AuthorityReference is { } reference ? $" ({reference})" : "")}{late}";
            }
            if (!AuthorityRequired)
            {
                return "not required: unlikely to result in a risk (documented here)";
            }
            if (!IsOpen)
            {
                return $"not notified; was due {Clock.Show(due)}";
            }
            return AuthorityOverdue
                ? $"due {Clock.Show(due)}: overdue by {Span(Now - due)}"
                : $"due {Clock.Show(due)} ({Span(due - Now)} left)";
        }
    }

    public string PupilsText
    {
        get
        {
            if (Breach.InformPupils is not { } inform)
            {
                return BreachDeadlines.PupilsDecisionNeeded(Breach.Risk)
                    ? "decision needed: a high risk means the pupils or their guardians are told without undue delay, unless Art. 34(3) applies"
                    : "no decision recorded (required only for a high risk)";
            }
            var decided = $"{(inform ? "to be told" : "not to be told")} (decided {Clock.Show(Breach.InformDecidedAt!.Value)}: {Breach.InformDecisionReason})";
            if (Breach.PupilsInformedAt is { } informed)
            {
                return $"told {Clock.Show(informed)} by {Breach.PupilsInformedChannel}; {decided}";
            }
            return inform ? $"not told yet; {decided}" : decided;
        }
    }

    /// <summary>Whole hours up to two days, then days and hours; at least one hour, rounded up, so a deadline missed by a minute is an hour late.</summary>
    public static string Span(TimeSpan span)
    {
        var hours = Math.Max(1, (int)Math.Ceiling(span.TotalHours));
        if (hours < 48)
        {
            return hours == 1 ? "1 hour" : $"{hours} hours";
        }
        var (days, rest) = (hours / 24, hours % 24);
        return rest == 0 ? $"{days} days" : $"{days} days {rest} h";
    }
}
