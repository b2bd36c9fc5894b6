using StudentCard.Core.Rules;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class FeedbackPatternsTests
{
    [Fact]
    public void Allow_is_green_with_a_short_beep()
    {
        var steps = new FeedbackPatterns().For(Decision.Allow, ReasonCode.None);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, true, false, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(120), true, false, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(600), false, false, false),
            ],
            steps);
    }

    [Theory]
    [InlineData(ReasonCode.UnknownCard)]
    [InlineData(ReasonCode.Expired)]
    [InlineData(ReasonCode.Revoked)]
    public void Deny_is_red_with_a_long_beep_for_every_reason_by_default(ReasonCode reason)
    {
        var steps = new FeedbackPatterns().For(Decision.Deny, reason);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(400), false, true, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(900), false, false, false),
            ],
            steps);
    }

    [Fact]
    public void A_reason_can_have_its_own_pattern()
    {
        IReadOnlyList<FeedbackStep> blink = [new(TimeSpan.Zero, false, true, false), new(TimeSpan.FromMilliseconds(100), false, false, false)];
        var patterns = new FeedbackPatterns(new Dictionary<(Decision, ReasonCode?), IReadOnlyList<FeedbackStep>>
        {
            [(Decision.Deny, ReasonCode.Expired)] = blink,
        });

        Assert.Same(blink, patterns.For(Decision.Deny, ReasonCode.Expired));
        Assert.NotSame(blink, patterns.For(Decision.Deny, ReasonCode.Revoked));
    }

    [Theory]
    [InlineData(true, false, true, 0xBD)]
    [InlineData(true, false, false, 0xAD)]
    [InlineData(false, true, true, 0xBE)]
    [InlineData(false, true, false, 0xAE)]
    [InlineData(false, false, false, 0xAC)]
    public void Outputs_map_to_P30_P31_P34_with_the_validation_bit_and_other_pins_high(bool green, bool red, bool buzzer, int p3)
    {
        Assert.Equal(p3, FeedbackWiring.P3(green, red, buzzer));
    }
}
