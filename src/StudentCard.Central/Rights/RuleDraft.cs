using StudentCard.Central.Vault;
namespace StudentCard.Central.Rights;

/// <summary>
/// A rule as its editor states it, before it is checked: for a <see cref="RulePopulation.Pupils"/> rule
/// <paramref name="Pupils"/> lists the pupils by student number.
/// </summary>
public sealed record RuleDraft(
    string School,
    ReaderType Purpose,
    string Name,
    RulePopulation Population,
    string? PopulationValue,
    string? Places,
    string? Schedule,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyList<string>? Pupils = null)
{
    public static RuleDraft Of(AccessRule rule, IReadOnlyList<string> members) =>
        new(rule.School, rule.Purpose, rule.Name, rule.Population, rule.PopulationValue, rule.Places, rule.Schedule, rule.ValidFrom, rule.ValidUntil, members);
}

/// <summary>What saving a rule change would do: how many pupils gain and lose the right, and that said as a sentence.</summary>
public sealed record RulePreview(int Gain, int Lose, string Sentence);

/// <summary>A rule change refused, with the reason to show; nothing was changed. <paramref name="Forbidden"/>: not the account's rule.</summary>
public sealed class RuleChangeRefused(string message, bool forbidden = false) : Exception(message)
{
    public bool Forbidden { get; } = forbidden;
}
