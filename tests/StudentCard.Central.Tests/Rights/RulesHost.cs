using StudentCard.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Tests.Safety;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Rights;

/// <summary>A Central on a fake clock with two sites, two gate schedules and two bus routes, and pupils of two schools enrolled without rights.</summary>
internal static class RulesHost
{
    public const string School = "Northfield Primary";
    public const string OtherSchool = "Harbour Lyceum";

    public static readonly RuleEditor Operator = RuleEditor.System("operator");

    public static Task<RosterHost> StartAsync() => RosterHost.StartAsync(Settings);

    /// <summary>The sites, schedules and routes rules are checked against.</summary>
    public static readonly string[] Settings =
    [
        .. SchoolSettings.Arguments,
        "--Access:Schedules:1:Name=evening",
        "--Access:Schedules:1:Windows:0:Days=Mon-Thu",
        "--Access:Schedules:1:Windows:0:Start=18:00",
        "--Access:Schedules:1:Windows:0:End=21:00",
        "--Access:Routes:0:Name=r1",
        "--Access:Routes:1:Name=r2",
    ];

    /// <summary>How many long-named zones <see cref="LongZoneSettings"/> adds to north.</summary>
    public const int LongZones = 10;

    /// <summary>Zones of north with long names, after the shared settings' "main" (zone 0).</summary>
    public static readonly string[] LongZoneSettings = [.. Enumerable.Range(1, LongZones).SelectMany(i => new[]
    {
        $"--Access:Zones:{i}:Site=north", $"--Access:Zones:{i}:Zone={LongZone(i)}", $"--Access:Zones:{i}:AntiPassback=Off",
        $"--Access:Zones:{i}:ResetAfterHours=12", $"--Access:Zones:{i}:DailyReset=03:00",
    })];

    public static string LongZone(int i) => $"classrooms-of-the-second-floor-wing-{i:D2}";

    /// <summary>The first <paramref name="count"/> long zones as a rule's places, "north/…-01 north/…-02 …": 44 characters a zone.</summary>
    public static string LongPlaces(int count) => string.Join(' ', Enumerable.Range(1, count).Select(i => $"north/{LongZone(i)}"));

    /// <summary>Pupils of <see cref="School"/> in the given classes (one pupil each), enrolled with a card and no rights.</summary>
    public static Task<List<SyntheticStudent>> EnrollAsync(RosterHost host, string school, params string[] classes) =>
        EnrollAsync(host.Central.App.Services, school, classes);

    public static async Task<List<SyntheticStudent>> EnrollAsync(IServiceProvider services, string school, params string[] classes)
    {
        var pupils = SyntheticRoster.Generate(classes.Length, seed: Random.Shared.Next())
            .Select((p, i) => p with { School = school, ClassName = classes[i], StudentNumber = $"{school[..1]}{i:D4}-{Guid.NewGuid():N}"[..20] })
            .ToList();
        var keys = services.GetRequiredService<KeyRing>();
        await services.GetRequiredService<EnrollmentService>().EnrollManyAsync([.. pupils.Select(p => Support.Roster.Enrollee(p, keys))]);
        return pupils;
    }

    public static RuleDraft Draft(ReaderType purpose, RulePopulation population, string? value, string? places = null, string? schedule = null, string school = School, int fromDays = -1, int untilDays = 200, params string[] pupils) =>
        new(school, purpose, "rule", population, value, places, schedule,
            Retention.RetentionCentral.T0.AddDays(fromDays), Retention.RetentionCentral.T0.AddDays(untilDays), pupils);

    /// <summary>The pupil's entitlements in the purpose store, one per (purpose, key version).</summary>
    public static async Task<List<Central.AllowList.Entitlement>> EntitlementsAsync(RosterHost host, SyntheticStudent pupil)
    {
        var pseudonyms = Central.Keys.StudentPseudonyms.Of([Support.Roster.Token(pupil, host.Get<KeyRing>()).Value], host.Get<KeyRing>()).Select(p => p.Value).ToList();
        await using var store = host.Store();
        return await store.Entitlements.AsNoTracking().Where(e => pseudonyms.Contains(e.Pseudonym)).ToListAsync();
    }

    public static async Task<List<Vault.StudentPurpose>> RightsAsync(RosterHost host, SyntheticStudent pupil)
    {
        await using var vault = host.Vault();
        var id = await vault.Students.Where(s => s.StudentNumber == pupil.StudentNumber).Select(s => s.Id).SingleAsync();
        return (await vault.StudentPurposes.AsNoTracking().Where(p => p.StudentId == id).ToListAsync()).OrderBy(p => p.Purpose).ToList();
    }
}
