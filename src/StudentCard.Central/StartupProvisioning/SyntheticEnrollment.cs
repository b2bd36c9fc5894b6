using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.StartupProvisioning;

/// <summary>
/// Plays the enrollment desk and the school office for the synthetic roster: turns each invented pupil's card UID
/// into a card token (as a desk reader's agent does) and gives purposes through access rules, per school: every pupil
/// the gate of the demo's site, two in three the bus (route r1, except every seventh pupil, who rides r2), one in two
/// the library; every tenth pupil's gate right has expired.
/// </summary>
public static class SyntheticEnrollment
{
    public const string Site = "north";
    public const string Route = "r1";
    public const string OtherRoute = "r2";

    /// <summary>The "Access" settings that name the places the rules give (site north, routes r1 and r2), for a Central started without the demo's school.</summary>
    public static readonly IReadOnlyDictionary<string, string?> PlaceSettings = new Dictionary<string, string?>
    {
        ["Access:Sites:0:Name"] = Site,
        ["Access:Routes:0:Name"] = Route,
        ["Access:Routes:1:Name"] = OtherRoute,
    };

    /// <summary>The author the rules are recorded under.</summary>
    public static readonly RuleEditor Office = RuleEditor.System("synthetic-enrollment");

    public static IReadOnlyList<Enrollee> Enrollees(IReadOnlyList<SyntheticStudent> roster, SecretKey siteKey) =>
        roster.Select(s => new Enrollee(
            new NewStudent(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName),
            PseudonymDeriver.CardToken(new CardUid(s.CardUid), siteKey))).ToArray();

    /// <summary>The rules that give the roster the pattern <see cref="IsEntitled"/> describes: lists of pupils, per school.</summary>
    public static IReadOnlyList<RuleDraft> Rules(IReadOnlyList<SyntheticStudent> roster, DateTimeOffset now)
    {
        var yearStart = now.AddDays(-60);
        var yearEnd = now.AddDays(300);
        var indexed = roster.Select((pupil, index) => (pupil, index)).ToList();
        var drafts = new List<RuleDraft>();
        foreach (var school in indexed.GroupBy(p => p.pupil.School))
        {
            void Add(ReaderType purpose, string name, string? places, DateTimeOffset until, Func<int, bool> who)
            {
                var pupils = school.Where(p => who(p.index)).Select(p => p.pupil.StudentNumber).ToList();
                if (pupils.Count > 0)
                {
                    drafts.Add(new RuleDraft(school.Key, purpose, name, RulePopulation.Pupils, null, places, null, yearStart, until, pupils));
                }
            }
            Add(ReaderType.Gate, "gate", Site, yearEnd, i => i % 10 != 9);
            Add(ReaderType.Gate, "gate, ended", Site, now.AddDays(-1), i => i % 10 == 9);
            Add(ReaderType.Bus, "bus " + Route, Route, yearEnd, i => i % 3 != 2 && i % 7 != 3);
            Add(ReaderType.Bus, "bus " + OtherRoute, OtherRoute, yearEnd, i => i % 3 != 2 && i % 7 == 3);
            Add(ReaderType.Library, "library", null, yearEnd, i => i % 2 == 0);
        }
        return drafts;
    }

    /// <summary>Enrolls the roster, each pupil with one card, then gives them their rights through <see cref="Rules"/>.</summary>
    public static async Task EnrollAsync(IReadOnlyList<SyntheticStudent> roster, SecretKey siteKey, DateTimeOffset now,
        EnrollmentService enrollment, RuleService rules, CancellationToken cancellationToken = default)
    {
        await enrollment.EnrollManyAsync(Enrollees(roster, siteKey), cancellationToken);
        await GiveRightsAsync(Rules(roster, now), rules, cancellationToken);
    }

    public static async Task GiveRightsAsync(IEnumerable<RuleDraft> drafts, RuleService rules, CancellationToken cancellationToken = default)
    {
        foreach (var draft in drafts)
        {
            await rules.CreateAsync(Office, draft, "synthetic roster", cancellationToken);
        }
    }

    /// <summary>Whether the roster's i-th pupil may pass a reader of this type (gate of the site, bus on route r1) inside the school year.</summary>
    public static bool IsEntitled(int index, ReaderType type) => type switch
    {
        ReaderType.Gate => index % 10 != 9,
        ReaderType.Bus => index % 3 != 2 && index % 7 != 3,
        ReaderType.Library => index % 2 == 0,
        _ => false,
    };
}
