namespace StudentCard.Central.Staff;

/// <summary>The checks every staff account change shares: a stated reason, and a school that fits the role.</summary>
public static class StaffRules
{
    public const int MinReasonLength = 5;
    public const int MaxReasonLength = 500;
    public const int MaxSchoolLength = 100;

    /// <summary>The trimmed reason, or a refusal saying what a reason must be.</summary>
    public static string Reason(string? reason)
    {
        var why = (reason ?? "").Trim();
        if (why.Length is < MinReasonLength or > MaxReasonLength || why.Any(char.IsControl))
        {
            throw new StaffAccountException($"Give a reason of {MinReasonLength} to {MaxReasonLength} characters on one line, for the audit log. Nothing was changed.");
        }
        return why;
    }

    /// <summary>
    /// The school the account acts for, trimmed, or null: a school admin names one; transport admins and librarians may
    /// (their rules are then those of that school).
    /// </summary>
    public static string? School(StaffRole role, string? school)
    {
        var scope = string.IsNullOrWhiteSpace(school) ? null : school.Trim();
        if (role.NeedsSchool() && scope is null)
        {
            throw new StaffAccountException($"A {role.Name()} account acts for one school: give --school.");
        }
        if (scope is { Length: > MaxSchoolLength } || (scope is not null && scope.Any(char.IsControl)))
        {
            throw new StaffAccountException($"A school or site name is at most {MaxSchoolLength} characters on one line.");
        }
        return scope;
    }

    /// <summary>"school-admin of Harbour Lyceum", "dpo": the role and school as the audit log and the pages say them.</summary>
    public static string Describe(StaffRole role, string? school) => school is null ? role.Name() : $"{role.Name()} of {school}";
}
