using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Stores;
using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// The access policy Central applies and sends to readers: the current version of the calendar in the purpose store
/// (<see cref="CalendarVersion"/>), loaded at start and replaced when a newer version commits. At the first start, with
/// no version stored, the "Access" settings become version 1; after that the settings are not read for the policy.
/// </summary>
public sealed class AccessPolicySource(
    IDbContextFactory<CentralDbContext> stores, IOptions<AccessOptions> options, TimeProvider time, ILogger<AccessPolicySource> logger)
{
    /// <summary>The author of the version the settings seed.</summary>
    public const string SettingsAuthor = "settings";

    private volatile CurrentVersion? _current;

    public AccessPolicy Policy => Current.Policy;

    public string Json => Current.Json;

    public string Fingerprint => Current.Fingerprint;

    /// <summary>The calendar version in force.</summary>
    public long Version => Current.Version;

    public CalendarSchools Schools => Current.Schools;

    private CurrentVersion Current => _current ?? throw new InvalidOperationException("The calendar has not been loaded from the purpose store yet.");

    /// <summary>The sites of a school in the version in force (<see cref="CalendarSchools.SitesOf"/>).</summary>
    public IReadOnlyList<string> SitesOf(string? school)
    {
        var current = Current;
        return current.Schools.SitesOf(current.Policy, school);
    }

    /// <summary>
    /// The time zone a school's people read times in: its first site's; UTC when no site belongs to the school (or, on a
    /// machine lacking it, the zone is unknown: the policy checks every site's zone at start). For staff of no school
    /// (null): the zone every site shares, UTC when the sites lie in several.
    /// </summary>
    public TimeZoneInfo ZoneOf(string? school)
    {
        var current = Current;
        var zoneId = school is null
            ? current.Policy.Sites.Select(s => s.TimeZone).Distinct(StringComparer.Ordinal).ToList() is [var shared] ? shared : null
            : current.Schools.SitesOf(current.Policy, school) is [var first, ..] ? current.Policy.FindSite(first)!.TimeZone : null;
        return zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>Reads the newest stored version, or stores the settings as version 1 when there is none.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var latest = await LatestAsync(db, cancellationToken);
        if (latest is null)
        {
            latest = Seed(options.Value);
            db.CalendarVersions.Add(latest);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Stored the Access settings as calendar version 1");
            }
            catch (DbUpdateException)
            {
                // Another process stored version 1 first: that one is in force.
                db.ChangeTracker.Clear();
                latest = await LatestAsync(db, cancellationToken) ?? throw new InvalidOperationException("No calendar version could be stored or read.");
            }
        }
        Committed(latest);
    }

    /// <summary>Puts a committed version in force, unless a newer one already is.</summary>
    public void Committed(CalendarVersion version)
    {
        var policy = AccessPolicyJson.Parse(version.Policy);
        var next = new CurrentVersion(version.Version, policy, CalendarSchools.Parse(version.Schools), version.Policy, AccessPolicyJson.Fingerprint(version.Policy));
        CurrentVersion? seen;
        do
        {
            seen = _current;
            if (seen is not null && seen.Version >= next.Version)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _current, next, seen) != seen);
        logger.LogInformation("Calendar version {Version} in force (policy {Fingerprint})", next.Version, next.Fingerprint);
    }

    private CalendarVersion Seed(AccessOptions settings)
    {
        return new CalendarVersion
        {
            Version = 1,
            Policy = AccessPolicyJson.Serialize(settings.ToPolicy()),
            Schools = settings.Schools().ToJson(),
            Author = SettingsAuthor,
            Reason = "First start: the Access settings",
            CommittedAt = time.GetUtcNow(),
        };
    }

    private static Task<CalendarVersion?> LatestAsync(CentralDbContext db, CancellationToken cancellationToken) =>
        db.CalendarVersions.AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);

    private sealed record CurrentVersion(long Version, AccessPolicy Policy, CalendarSchools Schools, string Json, string Fingerprint);
}
