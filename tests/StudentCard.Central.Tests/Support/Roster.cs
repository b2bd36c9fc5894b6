using System.Security.Cryptography;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.Support;

/// <summary>Synthetic pupils turned into enrollment requests, with their card tokens derived as an agent would, and rights to give them.</summary>
public static class Roster
{
    public static DateTimeOffset Now => DateTimeOffset.UtcNow;

    public static PurposeGrant Valid(ReaderType purpose) => new(purpose, Now.AddDays(-1), Now.AddDays(30));

    public static PurposeGrant Expired(ReaderType purpose) => new(purpose, Now.AddDays(-30), Now.AddDays(-1));

    public static PurposeGrant NotYetValid(ReaderType purpose) => new(purpose, Now.AddDays(1), Now.AddDays(30));

    public static NewStudent Student(SyntheticStudent s) =>
        new(s.StudentNumber, s.GivenName, s.FamilyName, s.School, s.ClassName, s.BirthYear, s.GuardianName);

    public static CardToken Token(SyntheticStudent s, KeyRing keys) =>
        PseudonymDeriver.CardToken(new CardUid(s.CardUid), keys.Site);

    public static CardToken RandomToken() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public static string Pseudonym(CardToken token, ReaderType purpose, KeyRing keys) =>
        PseudonymDeriver.Pseudonym(token, purpose, keys.Current(purpose)).Value;

    public static Enrollee Enrollee(SyntheticStudent s, KeyRing keys) => new(Student(s), Token(s, keys));
}
