using StudentCard.Central.Vault;

namespace StudentCard.Central.Breaches;

/// <summary>Where the admin API takes the breach register.</summary>
public static class BreachRoutes
{
    public const string Breaches = "/api/breaches";

    public static string StepPath(long breachId, string step) => $"{Breaches}/{breachId}/{step}";
}

/// <summary>
/// A breach as recorded or updated: what happened, when (if known) and when it was found, the data and approximate
/// numbers concerned, its likely consequences, the measures, and the risk ("unlikely", "risk" or "high"). An update
/// also states its reason.
/// </summary>
public sealed record BreachReport(
    string? Description,
    DateTimeOffset? OccurredAt,
    DateTimeOffset? DiscoveredAt,
    string? DataCategories,
    int? ApproximatePupils,
    int? ApproximateRecords,
    string? Consequences,
    string? Measures,
    string? Risk,
    string? Reason = null);

/// <summary>The fields of a step on a breach; each step reads its own.</summary>
public sealed record BreachStep(
    string? Reader = null,
    DateTimeOffset? Since = null,
    DateOnly? FirstDay = null,
    DateOnly? LastDay = null,
    long[]? Remove = null,
    long? Pupil = null,
    DateTimeOffset? At = null,
    string? Reference = null,
    string? Reason = null,
    bool? Inform = null,
    string? Channel = null);

/// <summary>A breach's state and deadlines after a step, as the API answers: no person, only counts.</summary>
public sealed record BreachAnswer(
    long Id,
    string Risk,
    DateTimeOffset DiscoveredAt,
    DateTimeOffset AuthorityDueAt,
    DateTimeOffset? AuthorityNotifiedAt,
    string Authority,
    bool AuthorityOverdue,
    bool AuthorityDueSoon,
    bool? InformPupils,
    DateTimeOffset? PupilsInformedAt,
    int ProposedPupils,
    int ConfirmedPupils,
    bool Closed)
{
    public static BreachAnswer Of(BreachStanding standing) => new(standing.Breach.Id, BreachRegister.Word(standing.Breach.Risk), standing.Breach.DiscoveredAt,
        standing.Breach.AuthorityDueAt, standing.Breach.AuthorityNotifiedAt, standing.AuthorityText, standing.AuthorityOverdue, standing.AuthorityDueSoon,
        standing.Breach.InformPupils, standing.Breach.PupilsInformedAt, standing.Proposed, standing.Confirmed, standing.Breach.ClosedAt is not null);
}

/// <summary>A proposal of affected pupils: how many were found, from how many passages, and how many pseudonyms matched nobody in the vault.</summary>
public sealed record BreachProposal(long BreachId, int Pupils, int Passages, int Unmatched, string Source);

/// <summary>A pupil attached to (or proposed for) a breach, as the DPO sees them: vault id, student number, school and class.</summary>
public sealed record BreachPupilView(long StudentId, string StudentNumber, string School, string ClassName, bool Confirmed);
