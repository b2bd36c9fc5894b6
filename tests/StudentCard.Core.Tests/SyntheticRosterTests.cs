using StudentCard.Core.Synthetic;

namespace StudentCard.Core.Tests;

public class SyntheticRosterTests
{
    [Fact]
    public void The_same_seed_gives_the_same_people_and_cards()
    {
        var first = SyntheticRoster.Generate(50, seed: 7);
        var second = SyntheticRoster.Generate(50, seed: 7);
        Assert.Equal(first.Select(s => (s.StudentNumber, s.GivenName, Convert.ToHexString(s.CardUid))),
            second.Select(s => (s.StudentNumber, s.GivenName, Convert.ToHexString(s.CardUid))));
    }

    [Fact]
    public void Card_uids_are_unique_and_valid_lengths()
    {
        var roster = SyntheticRoster.Generate(2000);
        Assert.Equal(2000, roster.Select(s => Convert.ToHexString(s.CardUid)).Distinct().Count());
        Assert.All(roster, s => Assert.Contains(s.CardUid.Length, new[] { 4, 7 }));
        Assert.Contains(roster, s => s.CardUid.Length == 4);
        Assert.Contains(roster, s => s.CardUid.Length == 7);
    }
}
