using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Calendar;

/// <summary>
/// Changes the schools' calendar and places, for the pages and the JSON API alike. Each change is checked whole (names,
/// time zones, closures, windows that overlap, what still names a place being removed) and against who makes it (school
/// admins: their own school's sites and schedules; transport admins: bus routes; operators: everything). A change that
/// passes is one new stored version, committed with a new allow-list version of every purpose, so readers fetch the new
/// policy at once; then it is audited with its author and reason. A refusal is a <see cref="CalendarException"/> and
/// changes nothing.
/// </summary>
public sealed class CalendarEditor(
    IDbContextFactory<CentralDbContext> stores,
    AccessPolicySource source,
    AllowListNotices notices,
    AuditLog audit,
    TimeProvider time,
    ILogger<CalendarEditor> logger)
{
    /// <summary>Leaves room in the audit entry for the version number.</summary>
    public const int MaxReasonLength = AuditLog.MaxReasonLength - 100;

    public const int MaxLabelLength = 100;

    private const string Unchanged = " Nothing was changed.";

    // One change at a time in this process, so each starts from the version in force and none is lost.
    private readonly SemaphoreSlim _changes = new(1, 1);

    public Task<long> AddSiteAsync(CalendarActor actor, SiteEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"site {edit.Name}", "added", (draft, _, _) =>
        {
            RequireOperator(actor, "adds a site");
            if (draft.FindSite(edit.Name) is not null)
            {
                throw new CalendarException($"A site '{edit.Name}' already exists.{Unchanged}");
            }
            RequireName(edit.Name, "site");
            draft.Sites.Add(new Site(edit.Name, (edit.TimeZone ?? "").Trim(), [], Position(edit)));
            SetSchool(draft.SiteSchools, edit.Name, edit.School);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Changes a site's time zone and position; an operator also assigns it to a school (blank: to none; null: unchanged).</summary>
    public Task<long> ChangeSiteAsync(CalendarActor actor, SiteEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"site {edit.Name}", "changed", (draft, _, _) =>
        {
            var site = RequireSite(actor, draft, edit.Name);
            var school = edit.School is null ? draft.SiteSchools.GetValueOrDefault(edit.Name) : NullIfBlank(edit.School);
            if (!actor.IsOperator && !string.Equals(school, draft.SiteSchools.GetValueOrDefault(edit.Name), StringComparison.Ordinal))
            {
                throw new CalendarException($"Only an operator assigns a site to a school.{Unchanged}", forbidden: true);
            }
            draft.Replace(site, site with { TimeZone = (edit.TimeZone ?? "").Trim(), Location = Position(edit) });
            SetSchool(draft.SiteSchools, edit.Name, school);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Removes a site with its zones, unless an entitlement or a reader still names it.</summary>
    public Task<long> DeleteSiteAsync(CalendarActor actor, string name, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"site {name}", "removed", async (draft, db, ct) =>
        {
            RequireOperator(actor, "removes a site");
            var site = draft.FindSite(name) ?? throw new CalendarException($"No site '{name}'.{Unchanged}");
            await RequireUnusedAsync(db, $"Site '{name}'", (type, place) => type != ReaderType.Bus && ReaderPlace.SiteOf(type, place) == name, name, null, ct);
            draft.Sites.Remove(site);
            draft.Zones.RemoveAll(z => z.Site == name);
            draft.SiteSchools.Remove(name);
        }, cancellationToken);

    public Task<long> AddClosureAsync(CalendarActor actor, string siteName, ClosureEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"site {siteName}", "closure added", (draft, _, _) =>
        {
            var site = RequireSite(actor, draft, siteName);
            var closure = new Closure(ParseDate(edit.From, "start"), ParseDate(NullIfBlank(edit.To) ?? edit.From, "end"), Label(edit.Label));
            if (closure.To < closure.From)
            {
                throw new CalendarException($"The closure ends ({closure.To:yyyy-MM-dd}) before it starts ({closure.From:yyyy-MM-dd}).{Unchanged}");
            }
            if (site.Closures.Any(c => c.From == closure.From && c.To == closure.To))
            {
                throw new CalendarException($"Site '{siteName}' already has a closure from {closure.From:yyyy-MM-dd} to {closure.To:yyyy-MM-dd}.{Unchanged}");
            }
            draft.Replace(site, site with { Closures = [.. site.Closures.Append(closure).OrderBy(c => c.From).ThenBy(c => c.To)] });
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> DeleteClosureAsync(CalendarActor actor, string siteName, string from, string to, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"site {siteName}", "closure removed", (draft, _, _) =>
        {
            var site = RequireSite(actor, draft, siteName);
            var (start, end) = (ParseDate(from, "start"), ParseDate(to, "end"));
            var closure = site.Closures.FirstOrDefault(c => c.From == start && c.To == end)
                ?? throw new CalendarException($"Site '{siteName}' has no closure from {start:yyyy-MM-dd} to {end:yyyy-MM-dd}.{Unchanged}");
            draft.Replace(site, site with { Closures = [.. site.Closures.Where(c => c != closure)] });
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> AddZoneAsync(CalendarActor actor, string siteName, ZoneEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"zone {siteName}/{edit.Zone}", "added", (draft, _, _) =>
        {
            RequireZoneSite(actor, draft, siteName);
            if (draft.Zones.Any(z => z.Site == siteName && z.Zone == edit.Zone))
            {
                throw new CalendarException($"Site '{siteName}' already has a zone '{edit.Zone}'.{Unchanged}");
            }
            RequireName(edit.Zone, "zone");
            draft.Zones.Add(Zone(siteName, edit));
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> ChangeZoneAsync(CalendarActor actor, string siteName, ZoneEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"zone {siteName}/{edit.Zone}", "changed", (draft, _, _) =>
        {
            RequireZoneSite(actor, draft, siteName);
            var index = draft.Zones.FindIndex(z => z.Site == siteName && z.Zone == edit.Zone);
            if (index < 0)
            {
                throw new CalendarException($"Site '{siteName}' has no zone '{edit.Zone}'.{Unchanged}");
            }
            draft.Zones[index] = Zone(siteName, edit);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> DeleteZoneAsync(CalendarActor actor, string siteName, string zone, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"zone {siteName}/{zone}", "removed", async (draft, db, ct) =>
        {
            RequireZoneSite(actor, draft, siteName);
            var existing = draft.Zones.Find(z => z.Site == siteName && z.Zone == zone)
                ?? throw new CalendarException($"Site '{siteName}' has no zone '{zone}'.{Unchanged}");
            var place = $"{siteName}/{zone}";
            await RequireUnusedAsync(db, $"Zone '{place}'", (type, name) => type == ReaderType.Gate && name == place, place, null, ct);
            draft.Zones.Remove(existing);
        }, cancellationToken);

    public Task<long> AddScheduleAsync(CalendarActor actor, ScheduleEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"schedule {edit.Name}", "added", (draft, _, _) =>
        {
            var school = ScheduleSchool(actor, edit.School);
            if (draft.FindSchedule(edit.Name) is not null)
            {
                throw new CalendarException($"A schedule '{edit.Name}' already exists.{Unchanged}");
            }
            RequireName(edit.Name, "schedule");
            draft.Schedules.Add(new Schedule(edit.Name, Windows(edit.Windows)));
            SetSchool(draft.ScheduleSchools, edit.Name, school);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Replaces a schedule's windows; an operator also gives it to another school (blank: to none; null: unchanged).</summary>
    public Task<long> ChangeScheduleAsync(CalendarActor actor, ScheduleEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"schedule {edit.Name}", "changed", (draft, _, _) =>
        {
            var schedule = RequireSchedule(actor, draft, edit.Name);
            var school = edit.School is null ? draft.ScheduleSchools.GetValueOrDefault(edit.Name) : NullIfBlank(edit.School);
            if (!actor.IsOperator && school != draft.ScheduleSchools.GetValueOrDefault(edit.Name))
            {
                throw new CalendarException($"Only an operator gives a schedule to another school.{Unchanged}", forbidden: true);
            }
            draft.Schedules[draft.Schedules.IndexOf(schedule)] = schedule with { Windows = Windows(edit.Windows) };
            SetSchool(draft.ScheduleSchools, edit.Name, school);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> DeleteScheduleAsync(CalendarActor actor, string name, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"schedule {name}", "removed", async (draft, db, ct) =>
        {
            var schedule = RequireSchedule(actor, draft, name);
            await RequireUnusedAsync(db, $"Schedule '{name}'", (_, _) => false, null, name, ct);
            draft.Schedules.Remove(schedule);
            draft.ScheduleSchools.Remove(name);
        }, cancellationToken);

    public Task<long> AddRouteAsync(CalendarActor actor, RouteEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"route {edit.Name}", "added", (draft, _, _) =>
        {
            RequireRoutes(actor);
            if (draft.Routes.Any(r => r.Name == edit.Name))
            {
                throw new CalendarException($"A route '{edit.Name}' already exists.{Unchanged}");
            }
            RequireName(edit.Name, "route");
            draft.Routes.Add(new BusRoute(edit.Name, Label(edit.Label)));
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> ChangeRouteAsync(CalendarActor actor, RouteEdit edit, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"route {edit.Name}", "changed", (draft, _, _) =>
        {
            RequireRoutes(actor);
            var index = draft.Routes.FindIndex(r => r.Name == edit.Name);
            if (index < 0)
            {
                throw new CalendarException($"No route '{edit.Name}'.{Unchanged}");
            }
            draft.Routes[index] = new BusRoute(edit.Name, Label(edit.Label));
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<long> DeleteRouteAsync(CalendarActor actor, string name, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, reason, $"route {name}", "removed", async (draft, db, ct) =>
        {
            RequireRoutes(actor);
            var route = draft.Routes.Find(r => r.Name == name) ?? throw new CalendarException($"No route '{name}'.{Unchanged}");
            await RequireUnusedAsync(db, $"Route '{name}'", (type, place) => type == ReaderType.Bus && place == name, name, null, ct);
            draft.Routes.Remove(route);
        }, cancellationToken);

    /// <summary>Every stored version, newest first, without the policy documents.</summary>
    public async Task<IReadOnlyList<CalendarHistoryEntry>> HistoryAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.CalendarVersions.AsNoTracking()
            .OrderByDescending(v => v.Version)
            .Take(limit)
            .Select(v => new CalendarHistoryEntry(v.Version, v.Author, v.Reason, v.CommittedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One stored version whole, or null.</summary>
    public async Task<CalendarVersion?> VersionAsync(long version, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.CalendarVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Version == version, cancellationToken);
    }

    private async Task<long> ChangeAsync(
        CalendarActor actor, string reason, string subject, string what, Func<CalendarDraft, CentralDbContext, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        if (actor.Role is not (StaffRole.Operator or StaffRole.SchoolAdmin or StaffRole.TransportAdmin))
        {
            throw new CalendarException($"Your role changes no calendar.{Unchanged}", forbidden: true);
        }
        reason = reason.Trim();
        if (reason.Length == 0 || reason.Length > MaxReasonLength)
        {
            throw new CalendarException($"Give a reason (at most {MaxReasonLength} characters); it is kept in the calendar's history and the audit log.{Unchanged}");
        }
        await _changes.WaitAsync(cancellationToken);
        try
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            var draft = new CalendarDraft(source.Policy, source.Schools);
            await change(draft, db, cancellationToken);
            var policy = draft.Policy();
            var problems = policy.Problems().Concat(Overlaps(policy)).Concat(SchoolProblems(draft.Schools())).ToList();
            if (problems.Count > 0)
            {
                throw new CalendarException(Sentence(string.Join("; ", problems)) + Unchanged);
            }

            var row = new CalendarVersion
            {
                Version = source.Version + 1,
                Policy = AccessPolicyJson.Serialize(policy),
                Schools = draft.Schools().ToJson(),
                Author = actor.User,
                Reason = reason,
                CommittedAt = time.GetUtcNow(),
            };
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.CalendarVersions.Add(row);
            // Every purpose's readers hold the policy with their list: a new list version makes them fetch it now.
            var versions = await AllowListVersions.BumpAsync(db, ReaderTypes.All, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            source.Committed(row);

            logger.LogInformation("Calendar version {Version}: {Subject} {What}", row.Version, subject, what);
            await audit.RecordAsync(actor.User, AuditActions.CalendarChanged, subject, $"{what}: {reason} (calendar version {row.Version})", CancellationToken.None);
            await notices.PublishAsync(versions, CancellationToken.None);
            return row.Version;
        }
        finally
        {
            _changes.Release();
        }
    }

    private static void RequireOperator(CalendarActor actor, string what)
    {
        if (!actor.IsOperator)
        {
            throw new CalendarException($"Only an operator {what}.{Unchanged}", forbidden: true);
        }
    }

    private static void RequireRoutes(CalendarActor actor)
    {
        if (!actor.IsOperator && actor.Role != StaffRole.TransportAdmin)
        {
            throw new CalendarException($"Bus routes are changed by transport admins and operators.{Unchanged}", forbidden: true);
        }
    }

    /// <summary>A site the actor may change: any for an operator, one of their own school's for a school admin.</summary>
    private static Site RequireSite(CalendarActor actor, CalendarDraft draft, string name)
    {
        var site = draft.FindSite(name);
        if (actor.IsOperator && site is not null)
        {
            return site;
        }
        if (actor.Role == StaffRole.SchoolAdmin && site is not null && actor.AdministersSchool(draft.SiteSchools.GetValueOrDefault(name)))
        {
            return site;
        }
        if (!actor.IsOperator && actor.Role != StaffRole.SchoolAdmin)
        {
            throw new CalendarException($"Sites are changed by their school's admins and operators.{Unchanged}", forbidden: true);
        }
        if (site is null)
        {
            throw new CalendarException($"No site '{name}'.{Unchanged}");
        }
        throw new CalendarException($"Site '{name}' is not a site of your school.{Unchanged}", forbidden: true);
    }

    private static void RequireZoneSite(CalendarActor actor, CalendarDraft draft, string site)
    {
        if (draft.FindSite(site) is null && (actor.IsOperator || actor.Role == StaffRole.SchoolAdmin))
        {
            throw new CalendarException($"A zone needs a site, and there is no site '{site}'.{Unchanged}");
        }
        RequireSite(actor, draft, site);
    }

    private static Schedule RequireSchedule(CalendarActor actor, CalendarDraft draft, string name)
    {
        if (!actor.IsOperator && actor.Role != StaffRole.SchoolAdmin)
        {
            throw new CalendarException($"Schedules are changed by their school's admins and operators.{Unchanged}", forbidden: true);
        }
        var schedule = draft.FindSchedule(name) ?? throw new CalendarException($"No schedule '{name}'.{Unchanged}");
        if (!actor.IsOperator && !actor.AdministersSchool(draft.ScheduleSchools.GetValueOrDefault(name)))
        {
            throw new CalendarException($"Schedule '{name}' does not belong to your school.{Unchanged}", forbidden: true);
        }
        return schedule;
    }

    /// <summary>The school a new schedule belongs to: the one the operator names (or none), the school admin's own.</summary>
    private static string? ScheduleSchool(CalendarActor actor, string? asked)
    {
        var school = NullIfBlank(asked);
        if (actor.IsOperator)
        {
            return school;
        }
        if (actor.Role != StaffRole.SchoolAdmin || actor.School is null)
        {
            throw new CalendarException($"Schedules are added by school admins (for their school) and operators.{Unchanged}", forbidden: true);
        }
        if (school is not null && school != actor.School)
        {
            throw new CalendarException($"A school admin adds schedules for their own school only ({actor.School}).{Unchanged}", forbidden: true);
        }
        return actor.School;
    }

    /// <summary>
    /// Refuses to remove a place or schedule that the purpose store's entitlements or a registered (not revoked) reader
    /// still name: their cards or readers would point at nothing.
    /// </summary>
    private static async Task RequireUnusedAsync(
        CentralDbContext db, string what, Func<ReaderType, string?, bool> names, string? place, string? schedule, CancellationToken cancellationToken)
    {
        var readers = (await db.Readers.AsNoTracking().Where(r => r.RevokedAt == null && r.Place != null).Select(r => new { r.Id, r.Type, r.Place }).ToListAsync(cancellationToken))
            .Where(r => names(r.Type, r.Place))
            .Select(r => r.Id)
            .Order(StringComparer.Ordinal)
            .ToList();
        var entitlements = 0;
        if (schedule is not null)
        {
            entitlements = await db.Entitlements.CountAsync(e => e.Schedule == schedule, cancellationToken);
        }
        else if (place is not null)
        {
            // Places are space-separated names; read only the lists that could contain one, then compare whole names.
            var candidates = await db.Entitlements.AsNoTracking().Where(e => e.Places != null && e.Places.Contains(place))
                .Select(e => new { e.Purpose, e.Places }).ToListAsync(cancellationToken);
            entitlements = candidates.Count(e => e.Places!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(p => names(e.Purpose, p)));
        }
        if (entitlements > 0 || readers.Count > 0)
        {
            var users = new List<string>();
            if (entitlements > 0)
            {
                users.Add($"{entitlements} card {(entitlements == 1 ? "entitlement" : "entitlements")}");
            }
            if (readers.Count > 0)
            {
                users.Add($"{(readers.Count == 1 ? "reader" : "readers")} {string.Join(", ", readers.Take(10))}{(readers.Count > 10 ? ", …" : "")}");
            }
            throw new CalendarException($"{what} is still named by {string.Join(" and ", users)}; change those first.{Unchanged}");
        }
    }

    private static IEnumerable<string> Overlaps(AccessPolicy policy)
    {
        foreach (var schedule in policy.Schedules)
        {
            for (var i = 0; i < schedule.Windows.Count; i++)
            {
                for (var j = i + 1; j < schedule.Windows.Count; j++)
                {
                    if (schedule.Windows[i].Overlaps(schedule.Windows[j]))
                    {
                        yield return $"schedule '{schedule.Name}': the windows {CalendarWords.Window(schedule.Windows[i])} and {CalendarWords.Window(schedule.Windows[j])} overlap";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> SchoolProblems(CalendarSchools schools) =>
        schools.Sites.Concat(schools.Schedules)
            .Where(s => s.Value != s.Value.Trim() || s.Value.Length > AccessOptionsValidation.MaxSchoolLength)
            .Select(s => $"'{s.Key}': the school name has spaces at its ends or is longer than {AccessOptionsValidation.MaxSchoolLength} characters");

    private static IReadOnlyList<TimeWindow> Windows(IReadOnlyList<WindowEdit>? windows)
    {
        if (windows is null || windows.Count == 0)
        {
            throw new CalendarException($"A schedule needs at least one window (e.g. Mon-Fri 07:00-17:00).{Unchanged}");
        }
        return windows.Select(w =>
        {
            try
            {
                return new TimeWindow(WeekDays.Parse(w.Days ?? ""), ParseTime(w.Start, "start"), ParseTime(w.End, "end"));
            }
            catch (FormatException e)
            {
                throw new CalendarException(e.Message + Unchanged);
            }
        }).ToList();
    }

    private static ZonePolicy Zone(string site, ZoneEdit edit)
    {
        if (!Enum.TryParse<AntiPassbackMode>(edit.AntiPassback, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(edit.AntiPassback, out _))
        {
            throw new CalendarException($"Anti-passback is Off, Soft or Hard, not '{edit.AntiPassback}'.{Unchanged}");
        }
        if (edit.ResetAfterHours is < 1 or > 48)
        {
            throw new CalendarException($"Anti-passback resets after 1 to 48 hours, not {edit.ResetAfterHours.ToString(CultureInfo.InvariantCulture)}.{Unchanged}");
        }
        return new ZonePolicy(site, edit.Zone, mode, TimeSpan.FromHours(edit.ResetAfterHours), ParseTime(edit.DailyReset, "daily reset"));
    }

    private static GeoPoint? Position(SiteEdit edit) => (edit.Latitude, edit.Longitude) switch
    {
        (null, null) => null,
        ({ } lat, { } lon) when lat is >= -90 and <= 90 && lon is >= -180 and <= 180 => new GeoPoint(lat, lon),
        _ => throw new CalendarException($"A position is a latitude (-90 to 90) and a longitude (-180 to 180), both or neither.{Unchanged}"),
    };

    private static void RequireName(string? name, string what)
    {
        if (!Identifier.IsValid(name))
        {
            throw new CalendarException($"'{name}' is not a {what} name: use {Identifier.Rule}.{Unchanged}");
        }
    }

    private static void SetSchool(Dictionary<string, string> schools, string name, string? school)
    {
        if (NullIfBlank(school) is { } owner)
        {
            schools[name] = owner;
        }
        else
        {
            schools.Remove(name);
        }
    }

    private static string? Label(string? label)
    {
        var text = NullIfBlank(label);
        return text is { Length: > MaxLabelLength }
            ? throw new CalendarException($"A label is at most {MaxLabelLength} characters.{Unchanged}")
            : text;
    }

    private static DateOnly ParseDate(string? value, string what) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CalendarException($"The {what} '{value}' is not a date (yyyy-MM-dd).{Unchanged}");

    private static TimeOnly ParseTime(string? value, string what) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new CalendarException($"The {what} '{value}' is not a time of day (HH:mm).{Unchanged}");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + ".";
}

/// <summary>One version in the calendar's history.</summary>
public sealed record CalendarHistoryEntry(long Version, string Author, string Reason, DateTimeOffset CommittedAt);
