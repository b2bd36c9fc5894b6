namespace StudentCard.Central.Staff;

/// <summary>The command-line names of the roles and the one purpose each purpose role is scoped to.</summary>
public static class StaffRoles
{
    private static readonly Dictionary<string, StaffRole> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["school-admin"] = StaffRole.SchoolAdmin,
        ["transport-admin"] = StaffRole.TransportAdmin,
        ["librarian"] = StaffRole.Librarian,
        ["dpo"] = StaffRole.Dpo,
        ["operator"] = StaffRole.Operator,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static string Name(this StaffRole role) => ByName.Single(r => r.Value == role).Key;

    public static bool TryParse(string? name, out StaffRole role) => ByName.TryGetValue(name ?? "", out role);

    /// <summary>The purpose whose passages the role reads; null for roles that read no passages.</summary>
    public static ReaderType? Purpose(this StaffRole role) => role switch
    {
        StaffRole.SchoolAdmin => ReaderType.Gate,
        StaffRole.TransportAdmin => ReaderType.Bus,
        StaffRole.Librarian => ReaderType.Library,
        _ => null,
    };

    /// <summary>A school admin acts for one school, so the account must name it.</summary>
    public static bool NeedsSchool(this StaffRole role) => role == StaffRole.SchoolAdmin;
}
