using Microsoft.Extensions.Time.Testing;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class FeedbackPatternsTests
{
    /// <summary>Every (decision, reason) the access rules produce: any denial but for an evacuation, and the three allowances.</summary>
    public static TheoryData<Decision, ReasonCode> InUse()
    {
        var data = new TheoryData<Decision, ReasonCode>
        {
            { Decision.Allow, ReasonCode.None },
            { Decision.Allow, ReasonCode.AntiPassback },
            { Decision.Allow, ReasonCode.Evacuation },
        };
        foreach (var reason in Enum.GetValues<ReasonCode>().Where(r => r is not (ReasonCode.None or ReasonCode.Evacuation)))
        {
            data.Add(Decision.Deny, reason);
        }
        return data;
    }

    private static IEnumerable<(Decision Decision, ReasonCode Reason)> Pairs() =>
        InUse().Select(row => ((Decision)row[0], (ReasonCode)row[1]));

    [Fact]
    public void Every_pair_in_use_has_its_own_default_entry()
    {
        Assert.All(Pairs(), pair => Assert.True(FeedbackPatterns.Defaults.ContainsKey(pair), $"{pair} has no pattern of its own"));
    }

    [Fact]
    public void Every_pair_in_use_has_a_pattern_unlike_every_other_online_and_offline()
    {
        var patterns = new FeedbackPatterns();
        var shown = Pairs()
            .SelectMany(pair => new[] { false, true }.Select(offline => (pair, offline, steps: patterns.For(pair.Decision, pair.Reason, offline))))
            // A denial has no offline tail, so online and offline are the same pattern, shown once.
            .Where(p => !(p.offline && p.pair.Decision == Decision.Deny))
            .ToList();

        foreach (var a in shown)
        {
            foreach (var b in shown.Where(b => b != a))
            {
                Assert.False(a.steps.SequenceEqual(b.steps), $"{a.pair} (offline {a.offline}) looks like {b.pair} (offline {b.offline})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(InUse))]
    public void Each_pattern_is_short_starts_at_zero_changes_something_at_every_step_and_ends_dark(Decision decision, ReasonCode reason)
    {
        foreach (var offline in new[] { false, true })
        {
            var steps = new FeedbackPatterns().For(decision, reason, offline);

            Assert.Equal(TimeSpan.Zero, steps[0].At);
            Assert.True(steps[^1].At <= FeedbackRhythm.Longest, $"{decision}/{reason} lasts {steps[^1].At.TotalMilliseconds} ms");
            Assert.Equal((false, false, false), (steps[^1].Green, steps[^1].Red, steps[^1].Buzzer));
            foreach (var (before, after) in steps.Zip(steps.Skip(1)))
            {
                Assert.True(after.At > before.At);
                // The board reports only changes: a step that changes nothing would be invisible on the wire.
                Assert.NotEqual((before.Green, before.Red, before.Buzzer), (after.Green, after.Red, after.Buzzer));
            }
        }
    }

    [Theory]
    [MemberData(nameof(InUse))]
    public void Green_means_let_through_and_red_means_not(Decision decision, ReasonCode reason)
    {
        var steps = new FeedbackPatterns().For(decision, reason, offline: false);

        Assert.Equal(decision == Decision.Allow, steps[0].Green);
        Assert.Equal(decision == Decision.Deny, steps[0].Red);
        Assert.DoesNotContain(steps, s => s.Green && decision == Decision.Deny);
        Assert.DoesNotContain(steps, s => s.Red && decision == Decision.Allow);
    }

    [Fact]
    public void Allow_is_green_with_one_short_beep()
    {
        var steps = new FeedbackPatterns().For(Decision.Allow, ReasonCode.None, offline: false);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, true, false, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(100), true, false, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(600), false, false, false),
            ],
            steps);
    }

    [Fact]
    public void An_expired_card_is_steady_red_with_two_short_beeps()
    {
        var steps = new FeedbackPatterns().For(Decision.Deny, ReasonCode.Expired, offline: false);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(100), false, true, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(200), false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(300), false, true, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(600), false, false, false),
            ],
            steps);
    }

    [Fact]
    public void Outside_schedule_flashes_red_with_three_short_beeps()
    {
        var steps = new FeedbackPatterns().For(Decision.Deny, ReasonCode.OutsideSchedule, offline: false);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(100), false, false, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(200), false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(300), false, false, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(400), false, true, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(500), false, true, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(750), false, false, false),
            ],
            steps);
    }

    [Fact]
    public void An_allowance_while_offline_ends_with_a_red_blink_instead_of_going_dark()
    {
        var steps = new FeedbackPatterns().For(Decision.Allow, ReasonCode.None, offline: true);

        Assert.Equal(
            [
                new FeedbackStep(TimeSpan.Zero, true, false, true),
                new FeedbackStep(TimeSpan.FromMilliseconds(100), true, false, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(600), false, true, false),
                new FeedbackStep(TimeSpan.FromMilliseconds(750), false, false, false),
            ],
            steps);
    }

    [Fact]
    public void The_offline_tail_follows_the_link_after_a_short_grace()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var link = new LinkState();
        var patterns = new FeedbackPatterns(offline: new OfflineIndicator(link, time));

        var atStart = patterns.For(Decision.Allow, ReasonCode.None);
        time.Advance(OfflineIndicator.Grace);
        var neverConnected = patterns.For(Decision.Allow, ReasonCode.None);
        link.MarkConnected(time.GetUtcNow());
        var connected = patterns.For(Decision.Allow, ReasonCode.None);
        var denialConnected = patterns.For(Decision.Deny, ReasonCode.UnknownCard);
        link.MarkDisconnected();
        time.Advance(OfflineIndicator.Grace - TimeSpan.FromMilliseconds(1));
        var blip = patterns.For(Decision.Allow, ReasonCode.None);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var down = patterns.For(Decision.Allow, ReasonCode.None);
        var denialDown = patterns.For(Decision.Deny, ReasonCode.UnknownCard);

        Assert.DoesNotContain(atStart, s => s.Red);
        Assert.Contains(neverConnected, s => s.Red);
        Assert.DoesNotContain(connected, s => s.Red);
        Assert.DoesNotContain(blip, s => s.Red);
        Assert.Contains(down, s => s.Red);
        Assert.Equal(denialConnected, denialDown);
    }

    [Fact]
    public void A_pair_without_an_entry_uses_its_decisions_fallback()
    {
        var patterns = new FeedbackPatterns();

        Assert.Equal(patterns.For(Decision.Allow, ReasonCode.None, false), patterns.For(Decision.Allow, ReasonCode.StaleAllowList, false));
        Assert.Equal(patterns.For(Decision.Deny, ReasonCode.UnknownCard, false), patterns.For(Decision.Deny, ReasonCode.None, false));
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
    [InlineData("")]
    [InlineData("SX")]
    public void A_rhythm_of_anything_but_short_and_long_beeps_is_refused(string beeps)
    {
        Assert.Throws<ArgumentException>(() => FeedbackRhythm.Steady(FeedbackLed.Red, beeps));
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
