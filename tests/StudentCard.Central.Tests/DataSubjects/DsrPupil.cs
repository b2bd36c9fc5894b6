using System.Text;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.DataSubjects;

/// <summary>
/// Synthetic pupils enrolled for all three purposes through EnrollmentService, with passages stored
/// through PassageIngest under every key version Central holds, as readers would send them.
/// </summary>
internal static class DsrPupil
{
    /// <summary>Gate at one zone on a schedule, bus on one route, library anywhere.</summary>
    public static readonly PurposeGrant[] AllPurposes =
    [
        new(ReaderType.Gate, RetentionCentral.T0.AddDays(-1), RetentionCentral.T0.AddDays(200), "north/main", "pupils"),
        new(ReaderType.Bus, RetentionCentral.T0.AddDays(-1), RetentionCentral.T0.AddDays(200), "r1"),
        new(ReaderType.Library, RetentionCentral.T0.AddDays(-1), RetentionCentral.T0.AddDays(200)),
    ];

    /// <summary>The places and schedule <see cref="AllPurposes"/> names, as a Central giving them must know them.</summary>
    public static readonly string[] Places =
    [
        "--Access:Sites:0:Name=north", "--Access:Zones:0:Site=north", "--Access:Zones:0:Zone=main", "--Access:Routes:0:Name=r1",
        "--Access:Schedules:0:Name=pupils", "--Access:Schedules:0:Windows:0:Days=Mon-Fri",
        "--Access:Schedules:0:Windows:0:Start=07:00", "--Access:Schedules:0:Windows:0:End=18:00",
    ];

    /// <summary>Two pupils; the first has names no other row can contain by chance, so a byte scan for them means something.</summary>
    public static (SyntheticStudent Pupil, SyntheticStudent Other) Make(int birthYear = 2012)
    {
        var generated = SyntheticRoster.Generate(2, seed: 4242);
        var pupil = generated[0] with { GivenName = "Zorquiwen", FamilyName = "Bexdortrofa", GuardianName = "Pelnyul Bexdortrofa", BirthYear = birthYear };
        return (pupil, generated[1]);
    }

    /// <summary>The three purposes of <see cref="AllPurposes"/> everywhere and at any time, for a Central that names no places.</summary>
    public static readonly PurposeGrant[] Everywhere = [.. AllPurposes.Select(p => p with { Places = null, Schedule = null })];

    public static Task EnrollAsync(RosterHost host, params SyntheticStudent[] pupils) => EnrollAsync(host, AllPurposes, pupils);

    /// <summary>Enrolls the pupils with these rights and registers one reader per purpose.</summary>
    public static async Task EnrollAsync(RosterHost host, PurposeGrant[] rights, params SyntheticStudent[] pupils)
    {
        await Support.PupilSetup.EnrollAsync(host.Central.App.Services, pupils, rights);
        foreach (var purpose in ReaderTypes.All)
        {
            if (!(await host.Get<Central.ReaderAccounts.ReaderRegistry>().ListAsync()).Any(r => r.Id == Reader(purpose)))
            {
                await host.Central.RegisterAsync(Reader(purpose), purpose);
            }
        }
    }

    public static CardToken Token(RosterHost host, SyntheticStudent pupil) => Support.Roster.Token(pupil, host.Get<KeyRing>());

    /// <summary>One passage per purpose pseudonym of the pupil (every key version held); returns their ids.</summary>
    public static async Task<List<Guid>> PassAsync(RosterHost host, SyntheticStudent pupil, TimeSpan ago)
    {
        var ids = new List<Guid>();
        foreach (var pseudonym in Pseudonyms(host, pupil))
        {
            var at = host.Clock.GetUtcNow() - ago;
            var passage = new PassageMessage(Guid.CreateVersion7(at), Reader(pseudonym.Purpose), pseudonym.Purpose.Name(), pseudonym.Value, pseudonym.KeyVersion,
                at, "allow", "none", pseudonym.Purpose == ReaderType.Gate ? "in" : "none");
            await host.Central.IngestAsync(pseudonym.Purpose, Reader(pseudonym.Purpose), [passage]);
            ids.Add(passage.Id);
        }
        return ids;
    }

    public static IReadOnlyList<PurposePseudonym> Pseudonyms(RosterHost host, SyntheticStudent pupil) =>
        StudentPseudonyms.Of([Token(host, pupil).Value], host.Get<KeyRing>());

    public static string Reader(ReaderType purpose) => $"{purpose.Name()}-1";

    /// <summary>Every byte form of the pupil that must not survive an erasure.</summary>
    public static IEnumerable<(string Form, byte[] Bytes)> Traces(RosterHost host, SyntheticStudent pupil)
    {
        foreach (var pseudonym in Pseudonyms(host, pupil))
        {
            foreach (var form in FileBytes.Forms(pseudonym.Value))
            {
                yield return ($"{pseudonym.Purpose.Name()} v{pseudonym.KeyVersion} {form.Form}", form.Bytes);
            }
        }
        foreach (var form in FileBytes.Forms(Token(host, pupil).Value))
        {
            yield return ($"card token: {form.Form}", form.Bytes);
        }
        yield return ("given name", Encoding.UTF8.GetBytes(pupil.GivenName));
        yield return ("family name", Encoding.UTF8.GetBytes(pupil.FamilyName));
        yield return ("guardian name", Encoding.UTF8.GetBytes(pupil.GuardianName));
        yield return ("student number", Encoding.UTF8.GetBytes(pupil.StudentNumber));
    }
}
