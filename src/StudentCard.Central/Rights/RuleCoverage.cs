using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rights;

/// <summary>Whether a rule covers a pupil: in its population (school, grade, one of their classes, list) and not withheld, or added.</summary>
public static class RuleCoverage
{
    public static bool Covers(AccessRule rule, Student student, IReadOnlySet<string> classes, RuleExceptionKind? named)
    {
        if (student.School != rule.School)
        {
            return false;
        }
        return named switch
        {
            RuleExceptionKind.Withhold => false,
            RuleExceptionKind.Add or RuleExceptionKind.Member => true,
            _ => InPopulation(rule, student, classes),
        };
    }

    public static bool InPopulation(AccessRule rule, Student student, IReadOnlySet<string> classes) => rule.Population switch
    {
        RulePopulation.School => true,
        RulePopulation.Grade => GradesOf(student).Contains(rule.PopulationValue!),
        RulePopulation.Class => classes.Contains(rule.PopulationValue!),
        _ => false,
    };

    /// <summary>A pupil's grades as the roster gives them, comma-separated ("09,10").</summary>
    public static IEnumerable<string> GradesOf(Student student) =>
        student.Grades?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>
    /// The classes of these pupils, by vault id: each pupil's <see cref="Student.ClassName"/> and every class the roster
    /// enrolls them in (<see cref="StudentClass"/>), so a pupil in two sections is in both populations.
    /// </summary>
    public static async Task<Dictionary<long, IReadOnlySet<string>>> ClassesAsync(VaultDbContext vault, IReadOnlyCollection<Student> students, CancellationToken cancellationToken)
    {
        var ids = students.Select(s => s.Id).ToList();
        var enrolled = (await vault.StudentClasses.AsNoTracking().Where(c => ids.Contains(c.StudentId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.StudentId, c => c.Title);
        return students.ToDictionary(s => s.Id, s => (IReadOnlySet<string>)enrolled[s.Id].Append(s.ClassName).ToHashSet(StringComparer.Ordinal));
    }
}
