using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests;

public class AccessRulesTests
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-08-31T23:59:59Z", Decision.Deny, ReasonCode.NotYetValid)]
    [InlineData("2026-09-01T00:00:00Z", Decision.Allow, ReasonCode.None)]
    [InlineData("2027-06-30T23:59:59Z", Decision.Allow, ReasonCode.None)]
    [InlineData("2027-07-01T00:00:00Z", Decision.Deny, ReasonCode.Expired)]
    [InlineData("2027-07-01T02:00:00+02:00", Decision.Deny, ReasonCode.Expired)]
    public void Validity_window_is_inclusive_start_exclusive_end(string at, Decision decision, ReasonCode reason)
    {
        var entry = new AllowListEntry(new string('a', 32), From, Until);
        Assert.Equal(new AccessDecision(decision, reason), Decide(entry, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void An_unknown_card_is_denied_with_its_reason()
    {
        Assert.Equal(AccessDecision.Denied(ReasonCode.UnknownCard), Decide(null, From));
    }

    /// <summary>A library reader with no policy: the card's own validity is all that decides.</summary>
    private static AccessDecision Decide(AllowListEntry? entry, DateTimeOffset at) =>
        AccessRules.Decide(new string('a', 32), entry, new TapContext(new ReaderPlace(ReaderType.Library), at, AccessPolicy.Empty));
}
