using StudentCard.Central.Vault;
namespace StudentCard.Central.Rights;

/// <summary>
/// A rule as the admin API and the rules page receive it, in words: purpose "gate" | "bus" | "library", population
/// "school" | "grade" | "class" | "pupils"; the school defaults to the editor's own.
/// </summary>
public sealed record RuleRequest(
    string? School,
    string? Purpose,
    string? Name,
    string? Population,
    string? Value,
    string? Places,
    string? Schedule,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<string>? Pupils = null,
    string? Reason = null)
{
    public RuleDraft ToDraft(RuleEditor editor)
    {
        var school = string.IsNullOrWhiteSpace(School) ? editor.School : School.Trim();
        if (school is null)
        {
            throw new RuleChangeRefused("A rule names its school. Nothing was changed.");
        }
        if (!ReaderTypes.TryParse(Purpose, out var purpose))
        {
            throw new RuleChangeRefused("A rule's purpose is gate, bus or library. Nothing was changed.");
        }
        if (!Enum.TryParse<RulePopulation>(Population, ignoreCase: true, out var population) || !Enum.IsDefined(population))
        {
            throw new RuleChangeRefused("A rule's population is school, grade, class or pupils. Nothing was changed.");
        }
        if (ValidFrom is not { } from || ValidUntil is not { } until)
        {
            throw new RuleChangeRefused("A rule is valid from one date until another. Nothing was changed.");
        }
        return new RuleDraft(school, purpose, Name ?? "", population, Value, Places, Schedule, from, until, Pupils);
    }
}

/// <summary>A rule as the admin API answers it; dates in UTC.</summary>
public sealed record RuleView(
    long Id, string School, string Purpose, string Name, string Population, string? Value, string? Places, string? Schedule,
    DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string ChangedBy, DateTimeOffset ChangedAt)
{
    public static RuleView Of(AccessRule rule) => new(
        rule.Id, rule.School, rule.Purpose.Name(), rule.Name, rule.Population.ToString().ToLowerInvariant(), rule.PopulationValue,
        rule.Places, rule.Schedule, rule.ValidFrom, rule.ValidUntil, rule.ChangedBy, rule.ChangedAt);
}

/// <summary>A pupil named on a rule, by student number: kind "add" or "withhold" (or "member", read only).</summary>
public sealed record RuleExceptionRequest(string? StudentNumber, string? Kind, string? Reason);

/// <summary>A deletion's reason.</summary>
public sealed record RuleDeletion(string? Reason);
