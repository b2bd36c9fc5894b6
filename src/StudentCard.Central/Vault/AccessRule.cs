namespace StudentCard.Central.Vault;

/// <summary>
/// A purpose given to a population of one school (the school, a grade, a class from the roster, or a list of pupils),
/// at some places, on a gate schedule, for a period; pupils' rights (<see cref="StudentPurpose"/>) are derived from these.
/// </summary>
public sealed class AccessRule
{
    public long Id { get; set; }

    /// <summary>The school, by the vault's school name (<see cref="Student.School"/>).</summary>
    public required string School { get; set; }

    public ReaderType Purpose { get; set; }

    /// <summary>A short name people recognise the rule by ("5B bus", "boarders").</summary>
    public required string Name { get; set; }

    public RulePopulation Population { get; set; }

    /// <summary>The grade code (Grade) or a class title as in <see cref="Student.ClassName"/> and <see cref="StudentClass"/> (Class); null otherwise.</summary>
    public string? PopulationValue { get; set; }

    /// <summary>Space-separated gate sites or site/zone pairs, or bus routes; null = everywhere the purpose reaches.</summary>
    public string? Places { get; set; }

    /// <summary>The gate schedule's name; null = at any time. Gate rules only.</summary>
    public string? Schedule { get; set; }

    public DateTimeOffset ValidFrom { get; set; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset ValidUntil { get; set; }

    public required string ChangedBy { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>
    /// The name of a pupil's own rule (a <see cref="RulePopulation.Pupils"/> rule naming only them), which rights given at
    /// enrollment, and grants given before rules existed, are kept in; erasing the pupil deletes it.
    /// </summary>
    public static string PupilRuleName(string studentNumber) => PupilRulePrefix + studentNumber.Trim();

    private const string PupilRulePrefix = "Rights for ";

    /// <summary>
    /// A pupil's own rules, found by their list (the pupil alone) rather than by name, so that a student number changed by a
    /// later roster cannot hide them from an erasure or a later enrollment.
    /// </summary>
    public static IQueryable<AccessRule> OwnRulesOf(VaultDbContext vault, long studentId) =>
        vault.AccessRules.Where(r => r.Population == RulePopulation.Pupils && r.Name.StartsWith(PupilRulePrefix)
            && vault.RuleExceptions.Any(e => e.RuleId == r.Id && e.StudentId == studentId && e.Kind == RuleExceptionKind.Member)
            && !vault.RuleExceptions.Any(e => e.RuleId == r.Id && e.StudentId != studentId && e.Kind == RuleExceptionKind.Member));
}

/// <summary>Whom a rule covers.</summary>
public enum RulePopulation
{
    School,
    Grade,
    Class,
    Pupils,
}
