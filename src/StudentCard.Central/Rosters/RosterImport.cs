using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Imports a OneRoster 1.1 roster into the identity vault: a preview first, then a commit in one vault
/// transaction that writes everything or, with any row in error, nothing. Re-imports update pupils and
/// guardians by sourcedId; pupils the roster deactivates (marked inactive, or absent from a full export of their school)
/// lose their entitlements, and their cards once the grace has passed (<see cref="LeaverCardRevoker"/>); those it
/// reactivates get their entitlements back from their grants, and every imported pupil's rights are derived again from
/// the rules. A full export that would take more than <see cref="RosterLimits.MaxLeavingPercent"/> of a school's pupils
/// is committed only once the operator confirms it.
/// </summary>
public sealed class RosterImport(
    IDbContextFactory<VaultDbContext> vaults,
    EntitlementSwitch entitlements,
    Rights.RightsDerivation rights,
    IOptions<RosterLimits> limits,
    AccessPolicySource access,
    TimeProvider time,
    ILogger<RosterImport> logger,
    AuditLog? audit = null)
{
    public const string AuditAction = "identity.roster-import";

    public Task<RosterPreview> PreviewAsync(RosterSource source, IProgress<RosterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(source, RosterImportMode.Partial, commit: false, progress, cancellationToken);

    public Task<RosterPreview> PreviewAsync(RosterSource source, RosterImportMode mode, IProgress<RosterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(source, mode, commit: false, progress, cancellationToken);

    /// <summary>Writes the roster when it has no row in error; otherwise writes nothing and returns the errors.</summary>
    public Task<RosterPreview> CommitAsync(RosterSource source, IProgress<RosterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(source, RosterImportMode.Partial, commit: true, progress, cancellationToken);

    /// <summary>As the other commit; unless <paramref name="mode"/> confirms them, leavers past a school's share also write nothing.</summary>
    public Task<RosterPreview> CommitAsync(RosterSource source, RosterImportMode mode, IProgress<RosterProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(source, mode, commit: true, progress, cancellationToken);

    private async Task<RosterPreview> RunAsync(RosterSource source, RosterImportMode mode, bool commit, IProgress<RosterProgress>? progress, CancellationToken cancellationToken)
    {
        var data = RosterParser.Parse(source, progress);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var plan = await RosterPlan.MakeAsync(vault, data, mode.FullExport, cancellationToken);
        var leavers = await LeaverForecast.MakeAsync(vault, plan, mode.FullExport, limits.Value, access, time.GetUtcNow(), cancellationToken);
        var preview = plan.Preview(committed: false) with { FullExport = mode.FullExport, Absent = plan.Absent.Count, Leavers = leavers };
        if (!commit || preview.HasErrors || (preview.NeedsConfirmation && !mode.LeaversConfirmed))
        {
            return preview;
        }

        var now = time.GetUtcNow();
        await using var transaction = await vault.Database.BeginTransactionAsync(cancellationToken);
        var guardians = await WriteGuardiansAsync(vault, plan, cancellationToken);
        var written = 0;
        var deactivated = new List<Student>();
        var reactivated = new List<Student>();
        foreach (var row in plan.Students)
        {
            var names = row.Guardians.Select(g => $"{g.GivenName} {g.FamilyName}");
            var guardianName = Truncate(string.Join("; ", names), 200);
            switch (row.Change)
            {
                case RosterChange.New:
                    row.Existing = NewStudent(row.Roster, guardianName);
                    vault.Students.Add(row.Existing);
                    break;
                case RosterChange.Updated:
                    if (row.Existing!.DeactivatedAt is not null)
                    {
                        reactivated.Add(row.Existing);
                    }
                    Update(row.Existing, row.Roster, guardianName);
                    break;
                case RosterChange.Deactivated:
                    row.Existing!.DeactivatedAt = now;
                    deactivated.Add(row.Existing);
                    break;
            }
            if (++written % 250 == 0 || written == plan.Students.Count)
            {
                progress?.Report(new RosterProgress("write", written, plan.Students.Count));
            }
        }
        foreach (var absent in plan.Absent)
        {
            absent.DeactivatedAt = now;
            deactivated.Add(absent);
        }
        await vault.SaveChangesAsync(cancellationToken);
        await WriteClassesAsync(vault, plan, cancellationToken);
        await WriteLinksAsync(vault, plan, guardians, cancellationToken);
        await vault.SaveChangesAsync(cancellationToken);
        // Guardians no pupil names any more are personal data without a purpose.
        await vault.Guardians.Where(g => !vault.StudentGuardians.Any(l => l.GuardianId == g.Id)).ExecuteDeleteAsync(cancellationToken);

        // Removing access goes first (the purpose store commits before the vault), so a failure in between can only deny.
        await entitlements.SuspendAsync(deactivated.Select(s => s.Id).ToList(), null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await entitlements.RestoreAsync(reactivated.Select(s => s.Id).ToList(), cancellationToken);
        // Rights follow the roster: a pupil who joined a class gets its rules, one who left it loses them.
        await rights.DeriveAsync(plan.Students.Where(r => r.Existing is not null).Select(r => r.Existing!.Id).ToList(), cancellationToken);

        var result = preview with { Committed = true };
        logger.LogInformation("Imported a roster: {Summary}", result.ToString());
        if (audit is not null)
        {
            await audit.RecordAsync("operator", AuditAction, "roster", result.ToString(), cancellationToken);
        }
        return result;
    }

    private static async Task<Dictionary<string, Guardian>> WriteGuardiansAsync(VaultDbContext vault, RosterPlan plan, CancellationToken cancellationToken)
    {
        var guardians = new Dictionary<string, Guardian>(plan.ExistingGuardians, StringComparer.Ordinal);
        foreach (var row in plan.Guardians)
        {
            if (guardians.TryGetValue(row.SourcedId, out var guardian))
            {
                guardian.GivenName = row.GivenName;
                guardian.FamilyName = row.FamilyName;
            }
            else
            {
                guardian = new Guardian { SourcedId = row.SourcedId, GivenName = row.GivenName, FamilyName = row.FamilyName };
                vault.Guardians.Add(guardian);
                guardians[row.SourcedId] = guardian;
            }
        }
        await vault.SaveChangesAsync(cancellationToken);
        return guardians;
    }

    /// <summary>Each active imported pupil's classes become exactly the roster's enrollments, when the roster has enrollments.csv.</summary>
    private static async Task WriteClassesAsync(VaultDbContext vault, RosterPlan plan, CancellationToken cancellationToken)
    {
        var enrolled = plan.Students.Where(s => s.Change is RosterChange.New or RosterChange.Updated && s.Roster.Classes is not null).ToList();
        var ids = enrolled.Select(s => s.Existing!.Id).ToList();
        await vault.StudentClasses.Where(c => ids.Contains(c.StudentId)).ExecuteDeleteAsync(cancellationToken);
        vault.StudentClasses.AddRange(enrolled.SelectMany(s => s.Roster.Classes!.Select(title => new StudentClass { StudentId = s.Existing!.Id, Title = title })));
    }

    /// <summary>Each active imported pupil's guardian links become exactly the roster's; links the roster adds to pupils outside it are added.</summary>
    private static async Task WriteLinksAsync(VaultDbContext vault, RosterPlan plan, Dictionary<string, Guardian> guardians, CancellationToken cancellationToken)
    {
        var replaced = plan.Students.Where(s => s.Existing is not null && s.Roster.Active).ToList();
        var replacedIds = replaced.Select(s => s.Existing!.Id).ToList();
        vault.StudentGuardians.RemoveRange(await vault.StudentGuardians.Where(l => replacedIds.Contains(l.StudentId)).ToListAsync(cancellationToken));
        await vault.SaveChangesAsync(cancellationToken);

        var outsideIds = plan.OutsideLinks.Select(l => l.Student.Id).Distinct().ToList();
        var kept = (await vault.StudentGuardians.Where(l => outsideIds.Contains(l.StudentId)).ToListAsync(cancellationToken))
            .Select(l => (l.StudentId, l.GuardianId)).ToHashSet();
        var links = replaced
            .SelectMany(s => s.GuardianSourcedIds.Select(g => (s.Existing!.Id, guardians[g].Id)))
            .Concat(plan.OutsideLinks.Select(l => (l.Student.Id, guardians[l.GuardianSourcedId].Id)))
            .Distinct()
            .Where(l => !kept.Contains(l));
        vault.StudentGuardians.AddRange(links.Select(l => new StudentGuardian { StudentId = l.Item1, GuardianId = l.Item2 }));
    }

    private static Student NewStudent(RosterStudent row, string guardianName) => new()
    {
        StudentNumber = row.StudentNumber,
        GivenName = row.GivenName,
        FamilyName = row.FamilyName,
        School = row.School,
        ClassName = row.ClassName,
        GuardianName = guardianName,
        SourcedId = row.SourcedId,
        OrgSourcedId = row.OrgSourcedId,
        Grades = row.Grades,
    };

    private static void Update(Student student, RosterStudent row, string guardianName)
    {
        student.StudentNumber = row.StudentNumber;
        student.GivenName = row.GivenName;
        student.FamilyName = row.FamilyName;
        student.School = row.School;
        student.OrgSourcedId = row.OrgSourcedId;
        student.Grades = row.Grades;
        if (row.ClassName.Length > 0)
        {
            student.ClassName = row.ClassName;
        }
        student.GuardianName = guardianName;
        student.DeactivatedAt = null;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
