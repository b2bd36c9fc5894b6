using StudentCard.Central.Vault;

namespace StudentCard.Central.Rights;

/// <summary>Whether a rule covers a pupil: in its population (school, grade, class, list) and not withheld, or added.</summary>
public static class RuleCoverage
{
    public static bool Covers(AccessRule rule, Student student, RuleExceptionKind? named)
    {
        if (student.School != rule.School)
        {
            return false;
        }
        return named switch
        {
            RuleExceptionKind.Withhold => false,
            RuleExceptionKind.Add or RuleExceptionKind.Member => true,
            _ => InPopulation(rule, student),
        };
    }

    public static bool InPopulation(AccessRule rule, Student student) => rule.Population switch
    {
        RulePopulation.School => true,
        RulePopulation.Grade => GradesOf(student).Contains(rule.PopulationValue!),
        RulePopulation.Class => student.ClassName == rule.PopulationValue,
        _ => false,
    };

    /// <summary>A pupil's grades as the roster gives them, comma-separated ("09,10").</summary>
    public static IEnumerable<string> GradesOf(Student student) =>
        student.Grades?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
