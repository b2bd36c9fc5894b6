using Microsoft.EntityFrameworkCore;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Keys;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Rights;

/// <summary>
/// Creates, changes and deletes access rules and their per-pupil exceptions, each with a reason, audited as
/// <see cref="AuditActions.RuleChanged"/> and followed by a derivation of the school's rights. A change is checked
/// first (names against the access policy, populations against the roster, the editor's purpose and school) and a
/// refused one changes nothing. <see cref="PreviewAsync"/> says what saving would do.
/// </summary>
public sealed class RuleService(
    IDbContextFactory<VaultDbContext> vaults,
    RightsDerivation derivation,
    RuleBoundaryWatch boundaries,
    AccessPolicySource policy,
    AuditLog audit,
    CentralKeys keys,
    TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>The rules this editor manages, by purpose, school and name.</summary>
    public async Task<IReadOnlyList<AccessRule>> ListAsync(RuleEditor editor, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rules = await vault.AccessRules.AsNoTracking().ToListAsync(cancellationToken);
        return rules.Where(r => editor.Manages(r.Purpose, r.School)).OrderBy(r => r.Purpose).ThenBy(r => r.School).ThenBy(r => r.Name).ToList();
    }

    /// <summary>One rule this editor manages, with the pupils it names (student number and kind).</summary>
    public async Task<(AccessRule Rule, IReadOnlyList<(string StudentNumber, RuleExceptionKind Kind)> Named)> GetAsync(RuleEditor editor, long id, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken);
        var named = await (from e in vault.RuleExceptions
                           join s in vault.Students on e.StudentId equals s.Id
                           where e.RuleId == id
                           orderby s.StudentNumber
                           select new { s.StudentNumber, e.Kind }).ToListAsync(cancellationToken);
        return (rule, named.Select(n => (n.StudentNumber, n.Kind)).ToList());
    }

    /// <summary>What saving <paramref name="draft"/> (over rule <paramref name="id"/>, or as a new rule) would do; checked like a save.</summary>
    public async Task<RulePreview> PreviewAsync(RuleEditor editor, long? id, RuleDraft draft, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var existing = id is { } ruleId ? await ManagedAsync(vault, editor, ruleId, cancellationToken) : null;
        var members = await CheckAsync(vault, editor, draft, cancellationToken);
        var after = Rule(draft, editor, existing?.Id ?? 0);
        var named = existing is null ? [] : await NamedAsync(vault, existing.Id, cancellationToken);
        var afterNamed = named.Where(n => n.Value != RuleExceptionKind.Member).ToDictionary();
        foreach (var member in members)
        {
            afterNamed[member] = RuleExceptionKind.Member;
        }
        return await PreviewAsync(vault, existing, named, after, afterNamed, cancellationToken);
    }

    public async Task<AccessRule> CreateAsync(RuleEditor editor, RuleDraft draft, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var members = await CheckAsync(vault, editor, draft, cancellationToken);
        // A new rule's id is not known yet: the largest stands in for it, so the check errs on the long side.
        await EnsureFitsAsync(vault, draft.School, Rule(draft, editor, long.MaxValue), members.ToDictionary(m => m, _ => RuleExceptionKind.Member), cancellationToken);
        var rule = Rule(draft, editor, 0);
        await using (var transaction = await vault.Database.BeginTransactionAsync(cancellationToken))
        {
            vault.AccessRules.Add(rule);
            await vault.SaveChangesAsync(cancellationToken);
            vault.RuleExceptions.AddRange(members.Select(m => new RuleException { RuleId = rule.Id, StudentId = m, Kind = RuleExceptionKind.Member }));
            await vault.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await AfterAsync(editor, rule, $"created: {Describe(rule)}", why, cancellationToken);
        return rule;
    }

    public async Task<AccessRule> ChangeAsync(RuleEditor editor, long id, RuleDraft draft, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken, tracked: true);
        var members = await CheckAsync(vault, editor, draft, cancellationToken);
        if (draft.School != rule.School || draft.Purpose != rule.Purpose)
        {
            throw new RuleChangeRefused("A rule keeps its school and purpose; delete it and create another. Nothing was changed.");
        }
        var changed = Rule(draft, editor, rule.Id);
        var changedNamed = (await NamedAsync(vault, id, cancellationToken)).Where(n => n.Value != RuleExceptionKind.Member).ToDictionary();
        foreach (var member in members)
        {
            changedNamed[member] = RuleExceptionKind.Member;
        }
        await EnsureFitsAsync(vault, rule.School, changed, changedNamed, cancellationToken);
        (rule.Name, rule.Population, rule.PopulationValue, rule.Places, rule.Schedule, rule.ValidFrom, rule.ValidUntil, rule.ChangedBy, rule.ChangedAt) =
            (changed.Name, changed.Population, changed.PopulationValue, changed.Places, changed.Schedule, changed.ValidFrom, changed.ValidUntil, changed.ChangedBy, changed.ChangedAt);
        await using (var transaction = await vault.Database.BeginTransactionAsync(cancellationToken))
        {
            var old = await vault.RuleExceptions.Where(e => e.RuleId == id && e.Kind == RuleExceptionKind.Member).ToListAsync(cancellationToken);
            vault.RuleExceptions.RemoveRange(old.Where(o => !members.Contains(o.StudentId)));
            var kept = old.Select(o => o.StudentId).ToHashSet();
            await vault.RuleExceptions.Where(e => e.RuleId == id && members.Contains(e.StudentId) && e.Kind != RuleExceptionKind.Member).ExecuteDeleteAsync(cancellationToken);
            vault.RuleExceptions.AddRange(members.Where(m => !kept.Contains(m)).Select(m => new RuleException { RuleId = id, StudentId = m, Kind = RuleExceptionKind.Member }));
            await vault.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await AfterAsync(editor, rule, $"changed: {Describe(rule)}", why, cancellationToken);
        return rule;
    }

    public async Task DeleteAsync(RuleEditor editor, long id, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken, tracked: true);
        await EnsureFitsAsync(vault, rule.School, rule, null, cancellationToken);
        vault.AccessRules.Remove(rule);
        await vault.SaveChangesAsync(cancellationToken);
        await AfterAsync(editor, rule, $"deleted: {Describe(rule)}", why, cancellationToken);
    }

    /// <summary>
    /// Gives pupils rights through their own rules: per pupil and purpose a rule for a list naming only them, called
    /// <see cref="AccessRule.PupilRuleName"/>. A pupil's rule is created, or extended when it exists: its period then covers both, its
    /// places are joined (everywhere stays everywhere) and it takes the schedule given. Every rule is checked like any other
    /// first, so a refusal changes nothing; each is audited, then the named pupils' rights are derived once.
    /// </summary>
    public async Task GivePupilsAsync(RuleEditor editor, IReadOnlyCollection<PupilRight> rights, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        if (rights.Count == 0)
        {
            return;
        }
        if (rights.Select(r => (r.StudentNumber.Trim(), r.Right.Purpose)).Distinct().Count() != rights.Count)
        {
            throw new RuleChangeRefused("A pupil is given the same purpose twice. Nothing was changed.");
        }
        if (rights.FirstOrDefault(r => !keys.Ring.Holds(r.Right.Purpose)) is { } unkeyed)
        {
            throw new RuleChangeRefused($"Central holds no {unkeyed.Right.Purpose.Name()} key, so it cannot give that purpose. Nothing was changed.");
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var numbers = rights.Select(r => r.StudentNumber.Trim()).Distinct().ToList();
        var pupils = await vault.Students.AsNoTracking().Where(s => numbers.Contains(s.StudentNumber)).ToDictionaryAsync(s => s.StudentNumber, cancellationToken);
        var changes = new List<(AccessRule? Existing, AccessRule After, long Pupil)>();
        foreach (var (number, right) in rights.Select(r => (r.StudentNumber.Trim(), r.Right)))
        {
            var pupil = pupils.TryGetValue(number, out var found) ? found : throw new RuleChangeRefused($"No pupil has student number {number}. Nothing was changed.");
            var school = pupil.School;
            // Found by its list, not its name: a roster may have changed the number the name was made from. Extending it renames it.
            var rule = (await AccessRule.OwnRulesOf(vault, pupil.Id).Where(r => r.School == school && r.Purpose == right.Purpose).ToListAsync(cancellationToken)).FirstOrDefault();
            var draft = rule is null
                ? new RuleDraft(school, right.Purpose, AccessRule.PupilRuleName(number), RulePopulation.Pupils, null, right.Places, right.Schedule, right.ValidFrom, right.ValidUntil, [number])
                : new RuleDraft(school, right.Purpose, AccessRule.PupilRuleName(number), RulePopulation.Pupils, null,
                    rule.Places is null || right.Places is null ? null : $"{rule.Places} {right.Places}", right.Schedule,
                    Min(rule.ValidFrom, right.ValidFrom), Max(rule.ValidUntil, right.ValidUntil), [number]);
            var members = await CheckAsync(vault, editor, draft, cancellationToken);
            changes.Add((rule, Rule(draft, editor, rule?.Id ?? 0), members.Single()));
        }
        await using (var transaction = await vault.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (rule, after, pupil) in changes.Where(c => c.Existing is not null))
            {
                (rule!.Name, rule.Places, rule.Schedule, rule.ValidFrom, rule.ValidUntil, rule.ChangedBy, rule.ChangedAt) =
                    (after.Name, after.Places, after.Schedule, after.ValidFrom, after.ValidUntil, after.ChangedBy, after.ChangedAt);
                // The pupil is on their own rule's list again, should an editor have taken them off it.
                var named = await vault.RuleExceptions.SingleOrDefaultAsync(e => e.RuleId == rule.Id && e.StudentId == pupil, cancellationToken);
                if (named is null)
                {
                    vault.RuleExceptions.Add(new RuleException { RuleId = rule.Id, StudentId = pupil, Kind = RuleExceptionKind.Member });
                }
                else
                {
                    named.Kind = RuleExceptionKind.Member;
                }
            }
            var created = changes.Where(c => c.Existing is null).ToList();
            vault.AccessRules.AddRange(created.Select(c => c.After));
            await vault.SaveChangesAsync(cancellationToken);
            vault.RuleExceptions.AddRange(created.Select(c => new RuleException { RuleId = c.After.Id, StudentId = c.Pupil, Kind = RuleExceptionKind.Member }));
            await vault.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var (rule, after, pupil) in changes)
        {
            var saved = rule ?? after;
            // The rule's name holds the student number, which the audit log never names: the pupil is the vault's number.
            await audit.RecordAsync(editor.Name, AuditActions.RuleChanged, $"rule {saved.Id} ({saved.Purpose.Name()}, {saved.School})",
                Clip($"{(rule is null ? "created" : "extended")} the own rule of vault student {pupil}: places {saved.Places ?? "everywhere"}, schedule {saved.Schedule ?? "any time"}, " +
                    $"valid {saved.ValidFrom:u} to {saved.ValidUntil:u}; reason: {why}"), cancellationToken);
        }
        boundaries.RulesChanged();
        await derivation.DeriveAsync(changes.Select(c => c.Pupil).Distinct().ToList(), cancellationToken);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Names a pupil (by student number) on a rule: added to it or withheld from it; a Pupils rule's members are set with the rule.</summary>
    public async Task SetExceptionAsync(RuleEditor editor, long id, string studentNumber, RuleExceptionKind kind, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        if (kind == RuleExceptionKind.Member)
        {
            throw new RuleChangeRefused("A list's pupils are given with the rule; an exception adds or withholds a pupil. Nothing was changed.");
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken);
        var student = await PupilAsync(vault, rule.School, studentNumber, cancellationToken);
        var afterNamed = await NamedAsync(vault, id, cancellationToken);
        afterNamed[student] = kind;
        await EnsureFitsAsync(vault, rule.School, rule, afterNamed, cancellationToken);
        var row = await vault.RuleExceptions.SingleOrDefaultAsync(e => e.RuleId == id && e.StudentId == student, cancellationToken);
        if (row is null)
        {
            vault.RuleExceptions.Add(new RuleException { RuleId = id, StudentId = student, Kind = kind });
        }
        else
        {
            row.Kind = kind;
        }
        await vault.SaveChangesAsync(cancellationToken);
        await AfterAsync(editor, rule, $"{(kind == RuleExceptionKind.Add ? "added" : "withheld")} vault student {student}", why, cancellationToken);
    }

    /// <summary>Takes a pupil's exception (or list membership) off a rule.</summary>
    public async Task RemoveExceptionAsync(RuleEditor editor, long id, string studentNumber, string reason, CancellationToken cancellationToken = default)
    {
        var why = Reason(reason);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken);
        var student = await PupilAsync(vault, rule.School, studentNumber, cancellationToken);
        var afterNamed = await NamedAsync(vault, id, cancellationToken);
        if (afterNamed.Remove(student))
        {
            await EnsureFitsAsync(vault, rule.School, rule, afterNamed, cancellationToken);
        }
        if (await vault.RuleExceptions.Where(e => e.RuleId == id && e.StudentId == student).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new RuleChangeRefused($"Rule '{rule.Name}' names no pupil {studentNumber}. Nothing was changed.");
        }
        await AfterAsync(editor, rule, $"exception of vault student {student} removed", why, cancellationToken);
    }

    /// <summary>
    /// Refuses a change after which a pupil's merged right would not fit its stored entry (<see cref="StudentPurpose.Fits"/>):
    /// <paramref name="after"/> is the rule as it would be, with <paramref name="afterNamed"/> its named pupils; a deletion
    /// passes <paramref name="afterNamed"/> null. The school's pupils are derived as saving would, writing nothing.
    /// </summary>
    private async Task EnsureFitsAsync(VaultDbContext vault, string school, AccessRule after, IReadOnlyDictionary<long, RuleExceptionKind>? afterNamed, CancellationToken cancellationToken)
    {
        var students = await vault.Students.AsNoTracking().Where(s => s.School == school).ToListAsync(cancellationToken);
        var rules = await vault.AccessRules.AsNoTracking().Where(r => r.School == school && r.Purpose == after.Purpose && r.Id != after.Id).ToListAsync(cancellationToken);
        var ruleIds = rules.Select(r => r.Id).ToList();
        var named = (await vault.RuleExceptions.AsNoTracking().Where(e => ruleIds.Contains(e.RuleId)).ToListAsync(cancellationToken))
            .ToDictionary(e => (e.RuleId, e.StudentId), e => e.Kind);
        if (afterNamed is not null)
        {
            rules.Add(after);
            foreach (var (student, kind) in afterNamed)
            {
                named[(after.Id, student)] = kind;
            }
        }
        var classes = await RuleCoverage.ClassesAsync(vault, students, cancellationToken);
        var tooLong = RightsDerivation.Rights(students, rules, named, classes, new HashSet<(long, ReaderType)>(), time.GetUtcNow()).Values.Where(r => !r.Fits()).ToList();
        if (tooLong.Count > 0)
        {
            var longest = tooLong.Max(r => Math.Max(r.Places?.Length ?? 0, r.Rules.Length));
            throw new RuleChangeRefused(
                $"After this change {Pupils(tooLong.Count)} would hold a {after.Purpose.Name()} right merged from so many rules' places and schedules that it runs to {longest} characters; " +
                $"a right holds at most {StudentPurpose.MaxPlaces}. Give these rules fewer places or the same schedule, or merge them into one rule. Nothing was changed.");
        }
    }

    private async Task AfterAsync(RuleEditor editor, AccessRule rule, string what, string reason, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(editor.Name, AuditActions.RuleChanged, $"rule {rule.Id} ({rule.Purpose.Name()}, {rule.School})", Clip($"{what}; reason: {reason}"), cancellationToken);
        boundaries.RulesChanged();
        await derivation.DeriveSchoolAsync(rule.School, cancellationToken);
    }

    private static string Clip(string text) => text.Length <= AuditLog.MaxReasonLength ? text : text[..AuditLog.MaxReasonLength];

    private static string Reason(string? reason)
    {
        var why = reason?.Trim() ?? "";
        return why.Length is > 0 and <= MaxReasonLength
            ? why
            : throw new RuleChangeRefused($"A rule change needs a reason of 1 to {MaxReasonLength} characters. Nothing was changed.");
    }

    private static string Describe(AccessRule rule) =>
        $"'{rule.Name}' for {Population(rule)}, places {rule.Places ?? "everywhere"}, schedule {rule.Schedule ?? "any time"}, valid {rule.ValidFrom:u} to {rule.ValidUntil:u}";

    private static string Population(AccessRule rule) => rule.Population switch
    {
        RulePopulation.School => "the whole school",
        RulePopulation.Grade => $"grade {rule.PopulationValue}",
        RulePopulation.Class => $"class {rule.PopulationValue}",
        _ => "a list of pupils",
    };

    private AccessRule Rule(RuleDraft draft, RuleEditor editor, long id) => new()
    {
        Id = id,
        School = draft.School,
        Purpose = draft.Purpose,
        Name = draft.Name.Trim(),
        Population = draft.Population,
        PopulationValue = draft.Population is RulePopulation.Grade or RulePopulation.Class ? draft.PopulationValue!.Trim() : null,
        Places = Normalized(draft.Places),
        Schedule = string.IsNullOrWhiteSpace(draft.Schedule) ? null : draft.Schedule.Trim(),
        ValidFrom = draft.ValidFrom,
        ValidUntil = draft.ValidUntil,
        ChangedBy = editor.Name,
        ChangedAt = time.GetUtcNow(),
    };

    private static string? Normalized(string? places) =>
        RightMerge.Tokens(places).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } tokens ? string.Join(' ', tokens) : null;

    private static async Task<AccessRule> ManagedAsync(VaultDbContext vault, RuleEditor editor, long id, CancellationToken cancellationToken, bool tracked = false)
    {
        var rules = tracked ? vault.AccessRules : vault.AccessRules.AsNoTracking();
        var rule = await rules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new RuleChangeRefused($"There is no rule {id}. Nothing was changed.");
        return editor.Manages(rule.Purpose, rule.School) ? rule : throw new RuleChangeRefused(editor.NotManaged(rule.Purpose, rule.School), forbidden: true);
    }

    /// <summary>Checks a draft against the editor, the policy and the roster; returns the vault ids of a list's pupils.</summary>
    private async Task<List<long>> CheckAsync(VaultDbContext vault, RuleEditor editor, RuleDraft draft, CancellationToken cancellationToken)
    {
        if (!editor.Manages(draft.Purpose, draft.School ?? ""))
        {
            throw new RuleChangeRefused(editor.NotManaged(draft.Purpose, draft.School ?? ""), forbidden: true);
        }
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Trim().Length > 100)
        {
            throw new RuleChangeRefused("A rule needs a name of 1 to 100 characters. Nothing was changed.");
        }
        if (draft.ValidUntil <= draft.ValidFrom)
        {
            throw new RuleChangeRefused("A rule's validity must end after it starts. Nothing was changed.");
        }
        var pupils = await vault.Students.AsNoTracking().Where(s => s.School == draft.School).ToListAsync(cancellationToken);
        if (pupils.Count == 0)
        {
            throw new RuleChangeRefused($"No pupil belongs to school '{draft.School}'. Nothing was changed.");
        }
        var value = draft.PopulationValue?.Trim();
        switch (draft.Population)
        {
            case RulePopulation.Class when string.IsNullOrEmpty(value) || !(await RuleCoverage.ClassesAsync(vault, pupils, cancellationToken)).Values.Any(c => c.Contains(value)):
                throw new RuleChangeRefused($"No pupil of {draft.School} is in class '{value}'. Nothing was changed.");
            case RulePopulation.Grade when string.IsNullOrEmpty(value) || !pupils.Any(p => RuleCoverage.GradesOf(p).Contains(value)):
                throw new RuleChangeRefused($"No pupil of {draft.School} is in grade '{value}'. Nothing was changed.");
        }
        CheckPlaces(editor, draft);
        var members = new List<long>();
        if (draft.Population == RulePopulation.Pupils)
        {
            var numbers = draft.Pupils?.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList() ?? [];
            if (numbers.Count == 0)
            {
                throw new RuleChangeRefused("A rule for a list of pupils names at least one pupil. Nothing was changed.");
            }
            foreach (var number in numbers)
            {
                members.Add(await PupilAsync(vault, draft.School!, number, cancellationToken));
            }
        }
        return members;
    }

    private void CheckPlaces(RuleEditor editor, RuleDraft draft)
    {
        var current = policy.Policy;
        var tokens = RightMerge.Tokens(draft.Places).ToList();
        var schedule = string.IsNullOrWhiteSpace(draft.Schedule) ? null : draft.Schedule.Trim();
        if (schedule is not null && draft.Purpose != ReaderType.Gate)
        {
            throw new RuleChangeRefused($"Only gate rules have a schedule; a {draft.Purpose.Name()} rule holds at any time. Nothing was changed.");
        }
        if (schedule is not null && current.FindSchedule(schedule) is null)
        {
            throw new RuleChangeRefused($"There is no schedule '{schedule}'; known: {Known(current.Schedules.Select(s => s.Name))}. Nothing was changed.");
        }
        switch (draft.Purpose)
        {
            case ReaderType.Library when tokens.Count > 0:
                throw new RuleChangeRefused("A library rule names no places: it holds at every library reader. Nothing was changed.");
            case ReaderType.Bus:
                foreach (var token in tokens.Where(t => current.FindRoute(t) is null))
                {
                    throw new RuleChangeRefused($"There is no bus route '{token}'; known: {Known(current.Routes.Select(r => r.Name))}. Nothing was changed.");
                }
                break;
            case ReaderType.Gate:
                var own = policy.SitesOf(draft.School);
                foreach (var token in tokens)
                {
                    var parts = token.Split('/');
                    var site = parts[0];
                    if (parts.Length > 2 || current.FindSite(site) is null)
                    {
                        throw new RuleChangeRefused($"There is no site '{token}'; a gate rule names sites or site/zone pairs, known sites: {Known(current.Sites.Select(s => s.Name))}. Nothing was changed.");
                    }
                    if (parts.Length == 2 && current.FindZone(site, parts[1]) is null)
                    {
                        throw new RuleChangeRefused($"Site '{site}' has no zone '{parts[1]}'; known: {Known(current.Zones.Where(z => z.Site == site).Select(z => z.Zone))}. Nothing was changed.");
                    }
                    // A school's account grants its own school's sites; the operator may give a school another's.
                    if (editor.School is not null && own.Count > 0 && !own.Contains(site))
                    {
                        throw new RuleChangeRefused($"Site '{site}' is not a site of {draft.School}; its sites: {Known(own)}. Nothing was changed.");
                    }
                }
                break;
        }
        if (string.Join(' ', tokens.Distinct(StringComparer.Ordinal)).Length > StudentPurpose.MaxPlaces)
        {
            throw new RuleChangeRefused($"A rule's places run to at most {StudentPurpose.MaxPlaces} characters; name a site rather than each of its zones, or split the rule. Nothing was changed.");
        }
    }

    private static string Known(IEnumerable<string> names) => names.ToList() is { Count: > 0 } list ? string.Join(", ", list) : "none";

    private static async Task<long> PupilAsync(VaultDbContext vault, string school, string studentNumber, CancellationToken cancellationToken)
    {
        var pupil = await vault.Students.AsNoTracking().Where(s => s.StudentNumber == studentNumber.Trim()).Select(s => new { s.Id, s.School }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new RuleChangeRefused($"No pupil has student number {studentNumber}. Nothing was changed.");
        return pupil.School == school ? pupil.Id : throw new RuleChangeRefused($"Pupil {studentNumber} is not a pupil of {school}. Nothing was changed.", forbidden: true);
    }

    private static async Task<Dictionary<long, RuleExceptionKind>> NamedAsync(VaultDbContext vault, long ruleId, CancellationToken cancellationToken) =>
        await vault.RuleExceptions.AsNoTracking().Where(e => e.RuleId == ruleId).ToDictionaryAsync(e => e.StudentId, e => e.Kind, cancellationToken);

    private async Task<RulePreview> PreviewAsync(VaultDbContext vault, AccessRule? before, Dictionary<long, RuleExceptionKind> beforeNamed, AccessRule after, Dictionary<long, RuleExceptionKind> afterNamed, CancellationToken cancellationToken)
    {
        var pupils = await vault.Students.AsNoTracking().Where(s => s.School == after.School && s.DeactivatedAt == null).ToListAsync(cancellationToken);
        var classes = await RuleCoverage.ClassesAsync(vault, pupils, cancellationToken);
        var had = pupils.Where(p => before is not null && RuleCoverage.Covers(before, p, classes[p.Id], Kind(beforeNamed, p.Id))).Select(p => p.Id).ToHashSet();
        var has = pupils.Where(p => RuleCoverage.Covers(after, p, classes[p.Id], Kind(afterNamed, p.Id))).Select(p => p.Id).ToHashSet();
        var gain = has.Count(id => !had.Contains(id));
        var lose = had.Count(id => !has.Contains(id));
        return new RulePreview(gain, lose, Sentence(gain, lose, after));
    }

    /// <summary>What deleting a rule would do.</summary>
    public async Task<RulePreview> PreviewDeleteAsync(RuleEditor editor, long id, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var rule = await ManagedAsync(vault, editor, id, cancellationToken);
        var named = await NamedAsync(vault, id, cancellationToken);
        var pupils = await vault.Students.AsNoTracking().Where(s => s.School == rule.School && s.DeactivatedAt == null).ToListAsync(cancellationToken);
        var classes = await RuleCoverage.ClassesAsync(vault, pupils, cancellationToken);
        var lose = pupils.Count(p => RuleCoverage.Covers(rule, p, classes[p.Id], Kind(named, p.Id)));
        return new RulePreview(0, lose, Sentence(0, lose, rule));
    }

    private static RuleExceptionKind? Kind(Dictionary<long, RuleExceptionKind> named, long studentId) =>
        named.TryGetValue(studentId, out var kind) ? kind : null;

    /// <summary>"32 pupils gain gate access at north, Mon–Fri 07:00–17:00; 2 lose it".</summary>
    private string Sentence(int gain, int lose, AccessRule rule)
    {
        var where = RightMerge.Tokens(rule.Places).ToList() switch
        {
            [] when rule.Purpose == ReaderType.Library => "",
            [] => " everywhere",
            var places when rule.Purpose == ReaderType.Bus => $" on {(places.Count == 1 ? "route" : "routes")} {string.Join(", ", places)}",
            var places => $" at {string.Join(", ", places)}",
        };
        var when = rule.Schedule is { } name && policy.Policy.FindSchedule(name) is { } schedule ? $", {ScheduleWords.Describe(schedule)}" : "";
        return $"{Pupils(gain)} {(gain == 1 ? "gains" : "gain")} {rule.Purpose.Name()} access{where}{when}; {lose} {(lose == 1 ? "loses" : "lose")} it";
    }

    private static string Pupils(int count) => count == 1 ? "1 pupil" : $"{count} pupils";
}
