using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Rules;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Display;

namespace StudentCard.Edge.Tests.Display;

/// <summary>The driver display never shows who tapped: no pseudonym, name, number or card id, whatever the decision.</summary>
public sealed class DriverDisplayPrivacyTests : IDisposable
{
    private readonly DisplayFixture _fixture = new();

    [Fact]
    public void No_rendering_of_any_decision_for_a_known_pupil_holds_anything_that_identifies_them()
    {
        var ring = KeyRing.Generate();
        var pupils = SyntheticRoster.Generate(3);
        var entries = pupils.Select(p => Pseudonym(ring, p)).ToList();
        var allowList = new LocalAllowList();
        allowList.Replace(AllowListSnapshot.Create(1, [
            new AllowListEntry(entries[0], DisplayFixture.Start.AddDays(-1), DisplayFixture.Start.AddDays(30)),
            new AllowListEntry(entries[1], DisplayFixture.Start.AddDays(-30), DisplayFixture.Start.AddDays(-1)),
        ], DisplayFixture.Start));
        var screens = new List<string>();

        foreach (var pupil in pupils)
        {
            // The decision path as the agent runs it: pseudonym from the card, list lookup, rules, then the display.
            // The third pupil is not on the list.
            var pseudonym = Pseudonym(ring, pupil);
            var context = new TapContext(new ReaderPlace(Core.ReaderType.Bus, Route: "r1"), DisplayFixture.Start, allowList.Current.Policy);
            _fixture.Display.Show(AccessRules.Decide(pseudonym, allowList.Current.Find(pseudonym), context), DisplayFixture.Start);
            screens.Add(_fixture.Render());
        }
        _fixture.GoOffline();
        screens.Add(_fixture.Render());

        Assert.Contains(screens, s => DisplayFixture.Header(s) == "VALID");
        Assert.Contains(screens, s => s.Contains(ReasonWords.For(ReasonCode.Expired)));
        Assert.Contains(screens, s => s.Contains(ReasonWords.For(ReasonCode.UnknownCard)));
        foreach (var (pupil, pseudonym) in pupils.Zip(entries))
        {
            string[] identifying =
            [
                pseudonym, pseudonym[..8], pseudonym[^8..], pupil.GivenName, pupil.FamilyName, pupil.StudentNumber,
                pupil.GuardianName, Convert.ToHexString(pupil.CardUid), Convert.ToHexString(pupil.CardUid).ToLowerInvariant(),
            ];
            foreach (var screen in screens)
            {
                Assert.All(identifying, secret => Assert.DoesNotContain(secret, screen, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    public void Dispose() => _fixture.Dispose();

    private static string Pseudonym(KeyRing ring, SyntheticStudent pupil) =>
        PseudonymDeriver.Pseudonym(new CardUid(pupil.CardUid), ReaderType.Bus, ring.Site, ring.Current(ReaderType.Bus)).Value;
}
