using static StudentCard.Central.Rosters.OneRosterColumns;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Reads a OneRoster 1.1 CSV bundle by its headers and checks every row. A row that fails a check is
/// listed with its file, line, column and reason, and never its values, which may name a child. A roster past its
/// <see cref="RosterLimits"/> throws <see cref="RosterFileException"/> while it is read, before anything is written.
/// </summary>
public static class RosterParser
{
    private const int MaxId = 64;
    private const int MaxName = 100;

    public static RosterData Parse(RosterSource source, IProgress<RosterProgress>? progress = null)
    {
        var errors = new List<RosterError>();
        var total = new RosterReadTotal(source.Limits);
        var orgs = source.Has(RosterSource.Orgs) ? Orgs(Read(source, RosterSource.Orgs, total, errors), errors) : null;
        var classes = source.Has(RosterSource.Classes) ? Classes(Read(source, RosterSource.Classes, total, errors), errors) : null;
        var users = Read(source, RosterSource.Users, total, errors);
        Require(users, errors, SourcedId, Role, GivenName, FamilyName);
        var enrollments = source.Has(RosterSource.Enrollments) ? Read(source, RosterSource.Enrollments, total, errors) : null;
        if (enrollments is not null)
        {
            Require(enrollments, errors, ClassSourcedId, UserSourcedId);
        }
        if (errors.Any(e => e.Line == 1))
        {
            // A missing column makes every row wrong; reporting each of them would hide the one cause.
            return new RosterData([], [], 0, errors);
        }

        var classesOf = enrollments is null ? null : ClassesOfUsers(enrollments, classes, errors);
        var students = new List<RosterStudent>();
        var guardians = new List<RosterGuardian>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ignored = 0;
        for (var i = 0; i < users.Rows.Count; i++)
        {
            var row = users.Rows[i];
            var before = errors.Count;
            var user = ReadUser(users, row, orgs, classesOf, errors);
            if (errors.Count == before && user is not null && !seen.Add(user.Value.SourcedId))
            {
                errors.Add(new RosterError(users.File, row.Line, SourcedId, "The sourcedId appears on an earlier line too; each user must appear once."));
            }
            else if (errors.Count == before)
            {
                switch (user?.Person)
                {
                    case RosterStudent student:
                        students.Add(student);
                        break;
                    case RosterGuardian guardian:
                        guardians.Add(guardian);
                        break;
                    default:
                        ignored++;
                        break;
                }
            }
            if ((i + 1) % 250 == 0 || i + 1 == users.Rows.Count)
            {
                progress?.Report(new RosterProgress("read", i + 1, users.Rows.Count));
            }
        }
        if (enrollments is not null)
        {
            foreach (var row in enrollments.Rows)
            {
                var user = enrollments.Value(row, UserSourcedId);
                if (user.Length > 0 && !seen.Contains(user))
                {
                    errors.Add(new RosterError(enrollments.File, row.Line, UserSourcedId, "The enrollment names a user that users.csv does not hold (or holds on a row in error)."));
                }
            }
        }
        return new RosterData(students, guardians, ignored, errors);
    }

    private static (string SourcedId, object? Person)? ReadUser(CsvTable users, CsvRow row, Dictionary<string, string>? orgs, Dictionary<string, List<string>>? classesOf, List<RosterError> errors)
    {
        var file = users.File;
        var id = users.Value(row, SourcedId);
        if (!Id(id, file, row.Line, SourcedId, errors, required: true))
        {
            return null;
        }
        var role = users.Value(row, Role);
        if (!Roles.Contains(role))
        {
            errors.Add(new RosterError(file, row.Line, Role, "The role is not a OneRoster 1.1 role (student, guardian, parent, relative, teacher, administrator, aide, proctor)."));
            return null;
        }
        var isStudent = role.Equals("student", StringComparison.OrdinalIgnoreCase);
        if (!isStudent && !GuardianRoles.Contains(role))
        {
            return (id, null);
        }
        var active = Active(users, row, errors);
        var given = PersonName(users, row, GivenName, errors);
        var family = PersonName(users, row, FamilyName, errors);
        var agents = List(users.Value(row, AgentSourcedIds));
        if (agents.Any(a => a.Length > MaxId))
        {
            errors.Add(new RosterError(file, row.Line, AgentSourcedIds, $"An agent sourcedId is longer than {MaxId} characters."));
        }
        if (active is null || given is null || family is null)
        {
            return null;
        }
        if (!isStudent)
        {
            return (id, new RosterGuardian(row.Line, id, active.Value, given, family, agents));
        }

        var org = List(users.Value(row, OrgSourcedIds)).FirstOrDefault() ?? "";
        if (!Id(org, file, row.Line, OrgSourcedIds, errors, required: true))
        {
            return null;
        }
        string school;
        if (orgs is null)
        {
            school = org;
        }
        else if (!orgs.TryGetValue(org, out school!))
        {
            errors.Add(new RosterError(file, row.Line, OrgSourcedIds, "The pupil's org is not in orgs.csv."));
            return null;
        }
        var number = users.Value(row, Identifier);
        if (!Id(number, file, row.Line, Identifier, errors, required: false))
        {
            return null;
        }
        var grades = List(users.Value(row, Grades));
        var badGrade = grades.FirstOrDefault(g => !GradeCodes.Contains(g));
        if (badGrade is not null)
        {
            errors.Add(new RosterError(file, row.Line, Grades, "A grade is not a OneRoster grade code (IT, PR, PK, TK, KG, 01–13, PS, UG, Other)."));
            return null;
        }
        var gradeText = string.Join(",", grades);
        if (gradeText.Length > 32)
        {
            errors.Add(new RosterError(file, row.Line, Grades, "The grades are longer than 32 characters."));
            return null;
        }
        IReadOnlyList<string>? enrolled = classesOf is null ? null : classesOf.GetValueOrDefault(id) ?? [];
        return (id, new RosterStudent(row.Line, id, active.Value, org, school, number.Length > 0 ? number : id, given, family, gradeText,
            enrolled?.FirstOrDefault() ?? "", agents, enrolled));
    }

    private static bool? Active(CsvTable users, CsvRow row, List<RosterError> errors)
    {
        var status = users.Value(row, Status);
        var enabled = users.Value(row, EnabledUser);
        if (status.Length > 0 && !status.Equals("active", StringComparison.OrdinalIgnoreCase) && !status.Equals("tobedeleted", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new RosterError(users.File, row.Line, Status, "The status must be active, tobedeleted or empty."));
            return null;
        }
        if (enabled.Length > 0 && !bool.TryParse(enabled, out _))
        {
            errors.Add(new RosterError(users.File, row.Line, EnabledUser, "enabledUser must be true or false."));
            return null;
        }
        return !status.Equals("tobedeleted", StringComparison.OrdinalIgnoreCase) && !(enabled.Length > 0 && !bool.Parse(enabled));
    }

    private static string? PersonName(CsvTable users, CsvRow row, string column, List<RosterError> errors)
    {
        var value = users.Value(row, column);
        if (value.Length == 0 || value.Length > MaxName)
        {
            errors.Add(new RosterError(users.File, row.Line, column, $"The name must be 1 to {MaxName} characters."));
            return null;
        }
        return value;
    }

    private static bool Id(string value, string file, int line, string column, List<RosterError> errors, bool required)
    {
        if (required && value.Length == 0)
        {
            errors.Add(new RosterError(file, line, column, "The value is empty."));
            return false;
        }
        if (value.Length > MaxId)
        {
            errors.Add(new RosterError(file, line, column, $"The value is longer than {MaxId} characters."));
            return false;
        }
        return true;
    }

    private static Dictionary<string, string> Orgs(CsvTable orgs, List<RosterError> errors)
    {
        Require(orgs, errors, SourcedId, Name);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in orgs.Rows)
        {
            var id = orgs.Value(row, SourcedId);
            var name = orgs.Value(row, Name);
            if (!Id(id, orgs.File, row.Line, SourcedId, errors, required: true))
            {
                continue;
            }
            if (name.Length == 0 || name.Length > MaxName)
            {
                errors.Add(new RosterError(orgs.File, row.Line, Name, $"The org name must be 1 to {MaxName} characters."));
                continue;
            }
            if (!names.TryAdd(id, name))
            {
                errors.Add(new RosterError(orgs.File, row.Line, SourcedId, "The sourcedId appears on an earlier line too."));
            }
        }
        return names;
    }

    private static Dictionary<string, string> Classes(CsvTable classes, List<RosterError> errors)
    {
        Require(classes, errors, SourcedId, Title);
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in classes.Rows)
        {
            var id = classes.Value(row, SourcedId);
            var title = classes.Value(row, Title);
            if (Id(id, classes.File, row.Line, SourcedId, errors, required: true) && Id(title, classes.File, row.Line, Title, errors, required: true))
            {
                titles.TryAdd(id, title);
            }
        }
        return titles;
    }

    /// <summary>A pupil's classes for the vault: the titles (from classes.csv when present) of all their active enrollments, in file order.</summary>
    private static Dictionary<string, List<string>> ClassesOfUsers(CsvTable enrollments, Dictionary<string, string>? classes, List<RosterError> errors)
    {
        var classesOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in enrollments.Rows)
        {
            var user = enrollments.Value(row, UserSourcedId);
            var classId = enrollments.Value(row, ClassSourcedId);
            if (!Id(user, enrollments.File, row.Line, UserSourcedId, errors, required: true)
                || !Id(classId, enrollments.File, row.Line, ClassSourcedId, errors, required: true))
            {
                continue;
            }
            if (enrollments.Value(row, Status).Equals("tobedeleted", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (classes is not null && !classes.ContainsKey(classId))
            {
                errors.Add(new RosterError(enrollments.File, row.Line, ClassSourcedId, "The class is not in classes.csv."));
                continue;
            }
            var title = classes?.GetValueOrDefault(classId) ?? classId;
            if (!classesOf.TryGetValue(user, out var titles))
            {
                classesOf[user] = titles = [];
            }
            if (!titles.Contains(title, StringComparer.Ordinal))
            {
                titles.Add(title);
            }
        }
        return classesOf;
    }

    private static CsvTable Read(RosterSource source, string file, RosterReadTotal total, List<RosterError> errors)
    {
        using var reader = source.Open(file, total);
        return CsvTable.Read(file, reader, errors, source.Limits);
    }

    private static void Require(CsvTable table, List<RosterError> errors, params string[] columns)
    {
        foreach (var column in columns.Where(c => table.Header.Count > 0 && !table.Has(c)))
        {
            errors.Add(new RosterError(table.File, 1, column, "The header has no such column; OneRoster 1.1 requires it."));
        }
    }

    private static List<string> List(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
