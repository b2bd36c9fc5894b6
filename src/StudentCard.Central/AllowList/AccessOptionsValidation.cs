using Microsoft.Extensions.Options;

namespace StudentCard.Central.AllowList;

/// <summary>Refuses to start with a policy that names unknown sites, time zones or malformed times, or a site given to more than one school.</summary>
public sealed class AccessOptionsValidation : IValidateOptions<AccessOptions>
{
    /// <summary>The vault's column for a school's name is this long.</summary>
    public const int MaxSchoolLength = 100;

    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        try
        {
            var problems = options.ToPolicy().Problems().Concat(SchoolProblems(options)).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"Access: {p}"));
        }
        catch (FormatException e)
        {
            return ValidateOptionsResult.Fail($"Access: {e.Message}");
        }
    }

    /// <summary>
    /// A site belongs to at most one school: a site listed twice with different schools would show its passages to both.
    /// A school name is matched exactly against the vault's, so stray spaces or an empty name would silently match nobody.
    /// </summary>
    private static IEnumerable<string> SchoolProblems(AccessOptions options)
    {
        foreach (var site in options.Sites.Where(s => s.School is not null))
        {
            if (string.IsNullOrWhiteSpace(site.School))
            {
                yield return $"site '{site.Name}': the school is empty (leave it out for a site of no school)";
            }
            else if (site.School != site.School.Trim() || site.School.Length > MaxSchoolLength)
            {
                yield return $"site '{site.Name}': the school name has spaces at its ends or is longer than {MaxSchoolLength} characters";
            }
        }
        foreach (var site in options.Sites.GroupBy(s => s.Name))
        {
            var schools = site.Select(s => s.School).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
            if (schools.Count > 1)
            {
                yield return $"site '{site.Key}' names {schools.Count} schools ({string.Join(", ", schools.Select(s => $"'{s}'"))}); a site belongs to at most one school";
            }
        }
    }
}
