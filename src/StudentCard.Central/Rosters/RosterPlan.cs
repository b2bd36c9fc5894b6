using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rosters;

/// <summary>
/// A parsed roster set against the vault: per pupil new, updated, unchanged or deactivated, the
/// guardians each pupil ends up linked to, and the errors only the vault can reveal (a guardian or
/// pupil named by a link but found nowhere, a student number another pupil already has). For a full
/// export also the active pupils of its schools (orgs) that it leaves out, who leave.
/// </summary>
public sealed class RosterPlan
{
    private readonly List<RosterError> _errors;
    private readonly int _ignored;

    private RosterPlan(List<RosterError> errors, int ignored)
    {
        _errors = errors;
        _ignored = ignored;
    }

    public List<PlannedStudent> Students { get; } = [];

    /// <summary>Active roster guardians, to be written.</summary>
    public List<RosterGuardian> Guardians { get; } = [];

    public Dictionary<string, Guardian> ExistingGuardians { get; private set; } = [];

    /// <summary>Links a roster guardian names to pupils already in the vault but not in this roster.</summary>
    public List<(Student Student, string GuardianSourcedId)> OutsideLinks { get; } = [];

    /// <summary>Active vault pupils of a full export's orgs that the export leaves out; empty for a partial export.</summary>
    public List<Student> Absent { get; } = [];

    /// <summary>The vault pupils this import deactivates: those marked inactive and those absent from a full export.</summary>
    public IEnumerable<Student> Leaving =>
        Students.Where(s => s.Change == RosterChange.Deactivated).Select(s => s.Existing!).Concat(Absent);

    public RosterPreview Preview(bool committed) => new(
        Students.Count(s => s.Change == RosterChange.New),
        Students.Count(s => s.Change == RosterChange.Updated),
        Students.Count(s => s.Change == RosterChange.Unchanged),
        Students.Count(s => s.Change == RosterChange.Deactivated),
        Guardians.Count,
        _ignored + Students.Count(s => s.Change == RosterChange.Ignored),
        _errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToList(),
        committed);

    public static async Task<RosterPlan> MakeAsync(VaultDbContext vault, RosterData data, bool fullExport, CancellationToken cancellationToken)
    {
        var plan = new RosterPlan([.. data.Errors], data.IgnoredUsers);
        const string users = RosterSource.Users;
        var activeGuardians = data.Guardians.Where(g => g.Active).ToList();
        plan.Guardians.AddRange(activeGuardians);
        var fileGuardians = activeGuardians.ToDictionary(g => g.SourcedId, StringComparer.Ordinal);

        var guardianIds = data.Guardians.Select(g => g.SourcedId).Concat(data.Students.SelectMany(s => s.GuardianSourcedIds)).Distinct().ToList();
        plan.ExistingGuardians = await vault.Guardians.Where(g => guardianIds.Contains(g.SourcedId)).ToDictionaryAsync(g => g.SourcedId, StringComparer.Ordinal, cancellationToken);
        var inactiveGuardians = data.Guardians.Where(g => !g.Active).Select(g => g.SourcedId).ToHashSet(StringComparer.Ordinal);
        bool KnownGuardian(string id) => fileGuardians.ContainsKey(id) || (plan.ExistingGuardians.ContainsKey(id) && !inactiveGuardians.Contains(id));

        var studentIds = data.Students.Select(s => s.SourcedId).Concat(data.Guardians.SelectMany(g => g.StudentSourcedIds)).Distinct().ToList();
        var existing = await vault.Students.Where(s => s.SourcedId != null && studentIds.Contains(s.SourcedId))
            .ToDictionaryAsync(s => s.SourcedId!, StringComparer.Ordinal, cancellationToken);
        var existingIds = existing.Values.Select(s => s.Id).ToList();
        var currentLinks = await (
            from link in vault.StudentGuardians
            join guardian in vault.Guardians on link.GuardianId equals guardian.Id
            where existingIds.Contains(link.StudentId)
            select new { link.StudentId, guardian.SourcedId }).ToListAsync(cancellationToken);
        var linksOf = currentLinks.ToLookup(l => l.StudentId, l => l.SourcedId);
        var classesOf = (await vault.StudentClasses.AsNoTracking().Where(c => existingIds.Contains(c.StudentId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.StudentId, c => c.Title);

        // Links may be given on either side: a pupil's agents, or a guardian's agents.
        var guardiansOf = data.Students.ToDictionary(s => s.SourcedId, _ => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var student in data.Students)
        {
            foreach (var agent in student.GuardianSourcedIds)
            {
                if (KnownGuardian(agent))
                {
                    guardiansOf[student.SourcedId].Add(agent);
                }
                else
                {
                    plan._errors.Add(new RosterError(users, student.Line, OneRosterColumns.AgentSourcedIds, "An agent is not an active guardian, parent or relative in users.csv or the vault."));
                }
            }
        }
        foreach (var guardian in activeGuardians)
        {
            foreach (var agent in guardian.StudentSourcedIds)
            {
                if (guardiansOf.TryGetValue(agent, out var set))
                {
                    set.Add(guardian.SourcedId);
                }
                else if (existing.TryGetValue(agent, out var outside))
                {
                    plan.OutsideLinks.Add((outside, guardian.SourcedId));
                }
                else
                {
                    plan._errors.Add(new RosterError(users, guardian.Line, OneRosterColumns.AgentSourcedIds, "An agent is not a pupil in users.csv or the vault."));
                }
            }
        }

        var numbers = data.Students.Where(s => s.Active).Select(s => s.StudentNumber).ToList();
        var holders = await vault.Students.Where(s => numbers.Contains(s.StudentNumber)).Select(s => new { s.StudentNumber, s.SourcedId })
            .ToDictionaryAsync(s => s.StudentNumber, s => s.SourcedId, StringComparer.Ordinal, cancellationToken);
        var numbersSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in data.Students)
        {
            existing.TryGetValue(row.SourcedId, out var student);
            if (row.Active && !numbersSeen.Add(row.StudentNumber))
            {
                plan._errors.Add(new RosterError(users, row.Line, OneRosterColumns.Identifier, "Another pupil in this roster has the same identifier."));
            }
            else if (row.Active && holders.TryGetValue(row.StudentNumber, out var holder) && holder != row.SourcedId)
            {
                plan._errors.Add(new RosterError(users, row.Line, OneRosterColumns.Identifier, "Another pupil in the vault already has this identifier as student number."));
            }
            var linked = guardiansOf[row.SourcedId].ToList();
            List<string> currentNames = student is null ? [] : linksOf[student.Id].Order(StringComparer.Ordinal).ToList();
            var change = (student, row.Active) switch
            {
                (null, false) => RosterChange.Ignored,
                (null, true) => RosterChange.New,
                ({ DeactivatedAt: null }, false) => RosterChange.Deactivated,
                (_, false) => RosterChange.Unchanged,
                _ => Same(student, row, classesOf[student.Id]) && currentNames.SequenceEqual(linked) && !GuardianNamesChanged(linked, fileGuardians, plan.ExistingGuardians)
                    ? RosterChange.Unchanged
                    : RosterChange.Updated,
            };
            plan.Students.Add(new PlannedStudent(row, change, linked, linked.Select(g => Name(g, fileGuardians, plan.ExistingGuardians)).ToList()) { Existing = student });
        }
        if (fullExport)
        {
            await FindAbsentAsync(vault, data, plan, cancellationToken);
        }
        return plan;
    }

    /// <summary>A full export's schools are the orgs of its pupil rows; a school it holds no pupil of is not in it.</summary>
    private static async Task FindAbsentAsync(VaultDbContext vault, RosterData data, RosterPlan plan, CancellationToken cancellationToken)
    {
        var orgs = data.Students.Select(s => s.OrgSourcedId).Distinct(StringComparer.Ordinal).ToList();
        var present = data.Students.Select(s => s.SourcedId).ToHashSet(StringComparer.Ordinal);
        var active = await vault.Students
            .Where(s => s.SourcedId != null && s.OrgSourcedId != null && orgs.Contains(s.OrgSourcedId) && s.DeactivatedAt == null)
            .ToListAsync(cancellationToken);
        plan.Absent.AddRange(active.Where(s => !present.Contains(s.SourcedId!)).OrderBy(s => s.Id));
    }

    private static bool Same(Student student, RosterStudent row, IEnumerable<string> classes) =>
        student.DeactivatedAt is null
        && student.StudentNumber == row.StudentNumber
        && student.GivenName == row.GivenName
        && student.FamilyName == row.FamilyName
        && student.School == row.School
        && student.OrgSourcedId == row.OrgSourcedId
        && student.Grades == row.Grades
        && (row.ClassName.Length == 0 || student.ClassName == row.ClassName)
        && (row.Classes is null || classes.ToHashSet(StringComparer.Ordinal).SetEquals(row.Classes));

    private static bool GuardianNamesChanged(List<string> linked, Dictionary<string, RosterGuardian> roster, Dictionary<string, Guardian> existing) =>
        linked.Any(id => roster.TryGetValue(id, out var row)
            && existing.TryGetValue(id, out var stored)
            && (stored.GivenName != row.GivenName || stored.FamilyName != row.FamilyName));

    private static (string GivenName, string FamilyName) Name(string id, Dictionary<string, RosterGuardian> roster, Dictionary<string, Guardian> existing) =>
        roster.TryGetValue(id, out var row) ? (row.GivenName, row.FamilyName) : (existing[id].GivenName, existing[id].FamilyName);
}

/// <summary>One roster pupil and what the import does to them; Existing is their vault row (set once written for new pupils).</summary>
public sealed class PlannedStudent(RosterStudent roster, RosterChange change, IReadOnlyList<string> guardianSourcedIds, IReadOnlyList<(string GivenName, string FamilyName)> guardians)
{
    public RosterStudent Roster { get; } = roster;

    public RosterChange Change { get; } = change;

    public IReadOnlyList<string> GuardianSourcedIds { get; } = guardianSourcedIds;

    public IReadOnlyList<(string GivenName, string FamilyName)> Guardians { get; } = guardians;

    public Student? Existing { get; set; }
}
