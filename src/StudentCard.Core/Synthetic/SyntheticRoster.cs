namespace StudentCard.Core.Synthetic;

/// <summary>
/// Makes a reproducible set of invented pupils from a seed. Names are built from syllables
/// so they belong to nobody; UIDs are random 4- and 7-byte values (7-byte ones start with
/// 0x04, an NXP manufacturer byte, as most real 7-byte UIDs do).
/// </summary>
public static class SyntheticRoster
{
    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ra", "ten", "vu", "sel", "dor", "ani", "bex", "qui", "zor", "pel", "fa", "ny", "tro", "ul", "wen"];

    private static readonly string[] Schools = ["Northfield Primary", "Harbour Lyceum", "Elm Valley College"];

    public static IReadOnlyList<SyntheticStudent> Generate(int count, int seed = 2026)
    {
        var random = new Random(seed);
        var students = new List<SyntheticStudent>(count);
        var uids = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var school = Schools[random.Next(Schools.Length)];
            var birthYear = 2008 + random.Next(12);
            var grade = Math.Clamp(2026 - birthYear - 5, 1, 12);
            byte[] uid;
            do
            {
                uid = random.Next(3) == 0 ? new byte[7] : new byte[4];
                random.NextBytes(uid);
                if (uid.Length == 7)
                {
                    uid[0] = 0x04;
                }
                else
                {
                    uid[0] = (byte)(uid[0] == 0x88 ? 0x89 : uid[0]);
                }
            }
            while (!uids.Add(Convert.ToHexString(uid)));
            var family = Name(random, 2);
            students.Add(new SyntheticStudent(
                StudentNumber: $"S{100000 + i}",
                GivenName: Name(random, 2),
                FamilyName: family,
                School: school,
                ClassName: $"{grade}{(char)('A' + random.Next(3))}",
                BirthYear: birthYear,
                GuardianName: $"{Name(random, 2)} {family}",
                CardUid: uid));
        }
        return students;
    }

    private static string Name(Random random, int syllables)
    {
        var text = string.Concat(Enumerable.Range(0, syllables).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
