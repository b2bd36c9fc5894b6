using System.IO.Compression;
using System.Text;
using StudentCard.Core.Synthetic;

namespace StudentCard.Local;

/// <summary>
/// A OneRoster 1.1 CSV bundle made from synthetic pupils: one guardian per pupil, three orgs, one class
/// each, and invented contact details (email, sms, phone, password) that an import must drop.
/// </summary>
public sealed class SyntheticOneRoster
{
    public static readonly string[] UserColumns =
        ["sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName",
         "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password"];

    private static readonly string[] OrgColumns = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"];
    private static readonly string[] ClassColumns = ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"];
    private static readonly string[] EnrollmentColumns = ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate"];

    public List<Dictionary<string, string>> Users { get; } = [];

    public List<Dictionary<string, string>> Orgs { get; } = [];

    public List<Dictionary<string, string>> Classes { get; } = [];

    public List<Dictionary<string, string>> Enrollments { get; } = [];

    public IReadOnlyList<SyntheticStudent> Pupils { get; private init; } = [];

    /// <summary>Every email, sms, phone and password value in the bundle: none may reach a store.</summary>
    public IEnumerable<string> DroppedValues => Users.SelectMany(u => new[] { u["email"], u["sms"], u["phone"], u["password"] }).Where(v => v.Length > 0);

    public static SyntheticOneRoster Generate(int count, int seed = 2026) => Of(SyntheticRoster.Generate(count, seed));

    /// <summary>The bundle of these pupils (their class names start with a grade number, as the synthetic roster's do).</summary>
    public static SyntheticOneRoster Of(IReadOnlyList<SyntheticStudent> pupils)
    {
        var roster = new SyntheticOneRoster { Pupils = pupils };
        var schools = pupils.Select(p => p.School).Distinct().ToList();
        foreach (var school in schools)
        {
            roster.Orgs.Add(Row(OrgColumns, ("sourcedId", OrgId(school)), ("name", school), ("type", "school")));
        }
        foreach (var pupil in pupils)
        {
            var i = pupil.StudentNumber[1..];
            var classId = $"class-{OrgId(pupil.School)}-{pupil.ClassName}";
            if (roster.Classes.All(c => c["sourcedId"] != classId))
            {
                roster.Classes.Add(Row(ClassColumns, ("sourcedId", classId), ("title", pupil.ClassName), ("classType", "homeroom"), ("schoolSourcedId", OrgId(pupil.School))));
            }
            var grade = int.Parse(pupil.ClassName[..^1], System.Globalization.CultureInfo.InvariantCulture).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var guardianGiven = pupil.GuardianName.Split(' ')[0];
            roster.Users.Add(Row(UserColumns,
                ("sourcedId", $"stu-{i}"), ("enabledUser", "true"), ("orgSourcedIds", OrgId(pupil.School)), ("role", "student"),
                ("username", $"{pupil.GivenName}{i}".ToLowerInvariant()), ("userIds", $"{{LDAP:u{i}}}"),
                ("givenName", pupil.GivenName), ("familyName", pupil.FamilyName), ("middleName", "Qux"),
                ("identifier", pupil.StudentNumber), ("email", $"pupil{i}@mail.invalid"), ("sms", $"+999 700 {i}"), ("phone", $"+999 800 {i}"),
                ("agentSourcedIds", $"gua-{i}"), ("grades", grade), ("password", $"pw-{i}-synthetic")));
            roster.Users.Add(Row(UserColumns,
                ("sourcedId", $"gua-{i}"), ("enabledUser", "true"), ("orgSourcedIds", OrgId(pupil.School)), ("role", "guardian"),
                ("givenName", guardianGiven), ("familyName", pupil.FamilyName),
                ("email", $"guardian{i}@mail.invalid"), ("phone", $"+999 900 {i}"), ("agentSourcedIds", $"stu-{i}")));
            roster.Enrollments.Add(Row(EnrollmentColumns, ("sourcedId", $"enr-{i}"), ("classSourcedId", classId), ("schoolSourcedId", OrgId(pupil.School)),
                ("userSourcedId", $"stu-{i}"), ("role", "student"), ("primary", "true")));
        }
        roster.Users.Add(Row(UserColumns, ("sourcedId", "tea-1"), ("enabledUser", "true"), ("orgSourcedIds", OrgId(schools[0])), ("role", "teacher"),
            ("givenName", "Teach"), ("familyName", "Er"), ("email", "teacher@mail.invalid")));
        return roster;
    }

    public Dictionary<string, string> User(string sourcedId) => Users.Single(u => u["sourcedId"] == sourcedId);

    /// <summary>
    /// The bundle with only the pupils whose number (without its letter, as in "stu-100001") passes <paramref name="keep"/>:
    /// the others' user rows, their guardians' and their enrollments are left out; orgs, classes and teachers stay. The rows
    /// are copies, so changing the result leaves this bundle as it is.
    /// </summary>
    public SyntheticOneRoster Keeping(Func<string, bool> keep)
    {
        static string Number(string sourcedId) => sourcedId[(sourcedId.IndexOf('-') + 1)..];
        static Dictionary<string, string> Copy(Dictionary<string, string> row) => new(row);
        var copy = new SyntheticOneRoster { Pupils = Pupils.Where(p => keep(p.StudentNumber[1..])).ToList() };
        copy.Users.AddRange(Users.Where(u => u["role"] is not ("student" or "guardian") || keep(Number(u["sourcedId"]))).Select(Copy));
        copy.Orgs.AddRange(Orgs.Select(Copy));
        copy.Classes.AddRange(Classes.Select(Copy));
        copy.Enrollments.AddRange(Enrollments.Where(e => keep(Number(e["userSourcedId"]))).Select(Copy));
        return copy;
    }

    /// <summary>The bundle's files; users.csv starts with a UTF-8 byte order mark, as spreadsheet exports do.</summary>
    public Dictionary<string, string> Files() => new()
    {
        ["users.csv"] = "\uFEFF" + Csv(UserColumns, Users),
        ["orgs.csv"] = Csv(OrgColumns, Orgs),
        ["classes.csv"] = Csv(ClassColumns, Classes),
        ["enrollments.csv"] = Csv(EnrollmentColumns, Enrollments),
    };

    public string WriteDirectory(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in Files())
        {
            File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(false));
        }
        return directory;
    }

    public string WriteZip(string path)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in Files())
        {
            using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
        return path;
    }

    public static string Csv(string[] columns, IEnumerable<Dictionary<string, string>> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(',', columns)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', columns.Select(c => Quote(row.GetValueOrDefault(c, ""))))).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith('{') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static string OrgId(string school) => "org-" + school.Split(' ')[0].ToLowerInvariant();

    private static Dictionary<string, string> Row(string[] columns, params (string Column, string Value)[] values)
    {
        var row = columns.ToDictionary(c => c, _ => "");
        foreach (var (column, value) in values)
        {
            row[column] = value;
        }
        return row;
    }
}
