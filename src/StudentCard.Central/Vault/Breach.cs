namespace StudentCard.Central.Vault;

/// <summary>
/// One personal-data breach in the DPO's register (GDPR Art. 33(5)): what happened, its effects and the measures taken,
/// the supervisory authority's notification and the decision to tell the pupils. It lives in the vault because its
/// affected pupils (<see cref="BreachPupil"/>) point at people; it holds no name or pseudonym of its own.
/// </summary>
public sealed class Breach
{
    public long Id { get; set; }

    public required string Description { get; set; }

    /// <summary>When the breach happened, when known.</summary>
    public DateTimeOffset? OccurredAt { get; set; }

    /// <summary>When the controller became aware of it: the 72 hours of Art. 33(1) run from here.</summary>
    public DateTimeOffset DiscoveredAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public required string RecordedBy { get; set; }

    /// <summary>The categories of personal data concerned, in the DPO's words ("gate passages: pseudonym, time, reader").</summary>
    public required string DataCategories { get; set; }

    /// <summary>Approximate number of pupils concerned; null while not known.</summary>
    public int? ApproximatePupils { get; set; }

    /// <summary>Approximate number of records concerned; null while not known.</summary>
    public int? ApproximateRecords { get; set; }

    public string? Consequences { get; set; }

    public string? Measures { get; set; }

    public BreachRisk Risk { get; set; }

    /// <summary>DiscoveredAt plus 72 hours.</summary>
    public DateTimeOffset AuthorityDueAt { get; set; }

    public DateTimeOffset? AuthorityNotifiedAt { get; set; }

    /// <summary>The authority's case number or how it was notified.</summary>
    public string? AuthorityReference { get; set; }

    /// <summary>Why the notification is (or was) later than 72 hours (Art. 33(1)).</summary>
    public string? DelayReason { get; set; }

    /// <summary>Whether the pupils (or their guardians) are to be told (Art. 34); null while undecided.</summary>
    public bool? InformPupils { get; set; }

    public string? InformDecisionReason { get; set; }

    public DateTimeOffset? InformDecidedAt { get; set; }

    public DateTimeOffset? PupilsInformedAt { get; set; }

    public string? PupilsInformedChannel { get; set; }

    /// <summary>What the affected pupils were proposed from (a reader since a time, or days of passages), while a proposal awaits confirmation.</summary>
    public string? ProposalSource { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? ClosingNote { get; set; }

    /// <summary>The audit subject for this breach: its id, never a person.</summary>
    public string AuditSubject => $"breach {Id}";
}

/// <summary>The DPO's assessment of the risk to the pupils' rights and freedoms (Art. 33(1), 34(1)).</summary>
public enum BreachRisk
{
    /// <summary>Unlikely to result in a risk: documented, no notification needed.</summary>
    Unlikely,

    /// <summary>Likely to result in a risk: the supervisory authority is notified within 72 hours.</summary>
    Risk,

    /// <summary>Likely to result in a high risk: the pupils are also told, without undue delay.</summary>
    High,
}
