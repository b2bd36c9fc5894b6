namespace StudentCard.Central.Rosters;

/// <summary>
/// The OneRoster 1.1 CSV columns the vault keeps. Every other column (email, sms, phone, username,
/// userIds, password, middleName, and all of demographics.csv) is never read into memory past the
/// line being split, so it cannot reach a store.
/// </summary>
public static class OneRosterColumns
{
    public const string SourcedId = "sourcedId";
    public const string Status = "status";
    public const string EnabledUser = "enabledUser";
    public const string OrgSourcedIds = "orgSourcedIds";
    public const string Role = "role";
    public const string GivenName = "givenName";
    public const string FamilyName = "familyName";
    public const string Identifier = "identifier";
    public const string AgentSourcedIds = "agentSourcedIds";
    public const string Grades = "grades";
    public const string Name = "name";
    public const string ClassSourcedId = "classSourcedId";
    public const string UserSourcedId = "userSourcedId";
    public const string Title = "title";

    /// <summary>The grade codes OneRoster 1.1 (CEDS) allows.</summary>
    public static readonly IReadOnlySet<string> GradeCodes = new HashSet<string>(
        ["IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "PS", "UG", "Other"],
        StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> GuardianRoles = new HashSet<string>(["guardian", "parent", "relative"], StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(
        ["administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"], StringComparer.OrdinalIgnoreCase);
}
