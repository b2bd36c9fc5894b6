using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.StartupProvisioning;

/// <summary>
/// Plays the enrollment desk for the synthetic roster: turns each invented pupil's card UID
/// into a card token (as a desk reader's agent does) and grants purposes: every pupil the gate of the
/// demo's site, two in three the bus (route r1, except every seventh pupil, who rides r2), one in two the
/// library; every tenth pupil's gate right has expired.
/// </summary>
public static class SyntheticEnrollment
{
    public const string Site = "north";
    public const string Route = "r1";
    public const string OtherRoute = "r2";

    public static IReadOnlyList<Enrollee> Enrollees(IReadOnlyList<SyntheticStudent> roster, SecretKey siteKey, DateTimeOffset now)
    {
        var yearStart = now.AddDays(-60);
        var yearEnd = now.AddDays(300);
        return roster.Select((s, i) =>
        {
            var grants = new List<PurposeGrant>
            {
                new PurposeGrant(ReaderType.Gate, yearStart, i % 10 == 9 ? now.AddDays(-1) : yearEnd, Places: Site),
            };
            if (i % 3 != 2)
            {
                grants.Add(new PurposeGrant(ReaderType.Bus, yearStart, yearEnd, Places: i % 7 == 3 ? OtherRoute : Route));
            }
            if (i % 2 == 0)
            {
                grants.Add(new PurposeGrant(ReaderType.Library, yearStart, yearEnd));
            }
            var student = new NewStudent(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName);
            return new Enrollee(student, PseudonymDeriver.CardToken(new CardUid(s.CardUid), siteKey), grants);
        }).ToArray();
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
