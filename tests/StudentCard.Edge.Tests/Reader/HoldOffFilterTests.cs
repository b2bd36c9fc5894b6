using StudentCard.Core.Identifiers;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class HoldOffFilterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 7, 30, 0, TimeSpan.Zero);
    private static readonly CardUid A = new(Hex.Parse("01-02-03-04"));
    private static readonly CardUid B = new(Hex.Parse("04-11-22-33-44-55-66"));

    [Fact]
    public void A_card_held_in_the_field_is_one_tap()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        var taps = Enumerable.Range(0, 200).SelectMany(i => filter.Observe([A], At(i * 50))).ToList();

        Assert.Single(taps);
    }

    [Fact]
    public void A_card_back_before_the_hold_off_is_not_a_new_tap()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        Assert.Single(filter.Observe([A], At(0)));
        Assert.Empty(filter.Observe([], At(100)));
        Assert.Empty(filter.Observe([A], At(1000)));
        Assert.Empty(filter.Observe([], At(1100)));
        Assert.Empty(filter.Observe([A], At(2500)));
    }

    [Fact]
    public void A_card_back_after_the_hold_off_is_a_new_tap()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        Assert.Single(filter.Observe([A], At(0)));
        Assert.Empty(filter.Observe([], At(100)));
        Assert.Single(filter.Observe([A], At(1600)));
    }

    [Fact]
    public void Time_without_a_successful_poll_does_not_count_as_absence()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        Assert.Single(filter.Observe([A], At(0)));
        // The reader was reconnecting for ten seconds; the card never left.
        Assert.Empty(filter.Observe([A], At(10_000)));
    }

    [Fact]
    public void Two_cards_in_turn_are_two_taps()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        Assert.Single(filter.Observe([A], At(0)));
        Assert.Empty(filter.Observe([], At(200)));
        var second = filter.Observe([B], At(400));

        Assert.True(Assert.Single(second).SameAs(B));
    }

    [Fact]
    public void Two_cards_listed_together_are_each_reported_once()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        var first = filter.Observe([A, B], At(0));
        var later = filter.Observe([B, A], At(50));

        Assert.Equal(2, first.Count);
        Assert.Empty(later);
    }

    [Fact]
    public void A_second_card_joining_a_held_one_is_reported_alone()
    {
        var filter = new HoldOffFilter(TimeSpan.FromMilliseconds(1500));

        filter.Observe([A], At(0));
        var joined = filter.Observe([A, B], At(50));

        Assert.True(Assert.Single(joined).SameAs(B));
    }

    private static DateTimeOffset At(int ms) => T0.AddMilliseconds(ms);
}
