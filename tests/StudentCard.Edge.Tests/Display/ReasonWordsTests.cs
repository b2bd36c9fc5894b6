using StudentCard.Core.Rules;
using StudentCard.Edge.Display;

namespace StudentCard.Edge.Tests.Display;

public sealed class ReasonWordsTests
{
    public static TheoryData<ReasonCode> Reasons() => new(Enum.GetValues<ReasonCode>());

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_reason_has_its_own_short_words(ReasonCode reason)
    {
        Assert.True(ReasonWords.All.TryGetValue(reason, out var words), $"{reason} has no words");
        Assert.False(string.IsNullOrWhiteSpace(words));
        // One line on the driver's screen, read at a glance.
        Assert.InRange(words.Length, 2, 40);
        Assert.Single(ReasonWords.All, pair => pair.Value == words);
    }

    [Fact]
    public void The_words_say_what_the_issue_asks_for()
    {
        Assert.Equal("Not valid on this route", ReasonWords.For(ReasonCode.NotEligibleForRoute));
        Assert.Equal("Card reported lost", ReasonWords.For(ReasonCode.LostCard));
        Assert.Equal("Reader offline, list out of date", ReasonWords.For(ReasonCode.StaleAllowList));
    }

    [Fact]
    public void The_verdict_is_valid_or_not_valid()
    {
        Assert.Equal("VALID", ReasonWords.Verdict(Decision.Allow));
        Assert.Equal("NOT VALID", ReasonWords.Verdict(Decision.Deny));
    }
}
