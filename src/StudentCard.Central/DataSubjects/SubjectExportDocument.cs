namespace StudentCard.Central.DataSubjects;

/// <summary>The access and portability copy (GDPR Art. 15 and 20): everything held about one pupil, as one JSON document.</summary>
public sealed record SubjectExportDocument(
    string Format,
    long RequestId,
    DateTimeOffset GeneratedAt,
    string Controller,
    string DpoContact,
    bool FreeCopy,
    ExportIdentity Identity,
    IReadOnlyList<ExportCard> Cards,
    IReadOnlyList<ExportPurpose> Purposes,
    IReadOnlyList<ExportRequest> Requests,
    IReadOnlyList<ExportSource> Sources,
    IReadOnlyList<ExportRecipient> Recipients,
    IReadOnlyList<ExportRetention> Retention);

/// <summary>The vault's identity fields for the pupil, the guardians linked to them and every class the roster enrolls them in.</summary>
public sealed record ExportIdentity(
    string StudentNumber, string GivenName, string FamilyName, string School, string ClassName, string? Grades, int? BirthYear,
    string GuardianName, IReadOnlyList<ExportGuardian> Guardians, string? SourcedId, string? OrgSourcedId,
    DateTimeOffset? DeactivatedAt, DateTimeOffset? RestrictedAt, IReadOnlyList<string> Classes);

/// <summary>A guardian as the vault names them.</summary>
public sealed record ExportGuardian(string GivenName, string FamilyName);

/// <summary>A card's status history; the card's keyed identifier is left out (it is only the link between stores).</summary>
public sealed record ExportCard(string Status, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

/// <summary>One purpose: why, on what basis, the pupil's grant, pseudonyms, entitlements and the passages still within retention.</summary>
public sealed record ExportPurpose(
    string Purpose,
    string Name,
    string Description,
    string LegalBasis,
    IReadOnlyList<string> DataCategories,
    ExportGrant? Grant,
    IReadOnlyList<ExportPseudonym> Pseudonyms,
    IReadOnlyList<ExportEntitlement> Entitlements,
    IReadOnlyList<ExportPassage> Passages);

/// <summary>The period the pupil may use a purpose's readers.</summary>
public sealed record ExportGrant(DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);

/// <summary>The purpose pseudonym under one key version: the only identifier that purpose's data holds.</summary>
public sealed record ExportPseudonym(int KeyVersion, string Value);

/// <summary>An allow-list entry for one of the pupil's pseudonyms.</summary>
public sealed record ExportEntitlement(int KeyVersion, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);

/// <summary>One passage as stored.</summary>
public sealed record ExportPassage(Guid Id, DateTimeOffset OccurredAt, string ReaderId, string Decision, string Reason, string Direction, int KeyVersion);

/// <summary>An earlier or current request about the pupil (the request record is itself their data).</summary>
public sealed record ExportRequest(long Id, string Kind, string Status, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string? Outcome, string? RefusalReason);

/// <summary>Where a category of the pupil's data came from.</summary>
public sealed record ExportSource(string Data, string Source);

/// <summary>Who receives a purpose's data.</summary>
public sealed record ExportRecipient(string Activity, IReadOnlyList<string> Recipients);

/// <summary>How long an activity keeps the data, from the records of processing.</summary>
public sealed record ExportRetention(string Activity, string Name, TimeSpan? Period, TimeSpan? Maximum, string Rule);
