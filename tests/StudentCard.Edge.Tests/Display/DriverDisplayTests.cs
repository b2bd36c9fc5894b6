using Spectre.Console;
using Spectre.Console.Testing;
using StudentCard.Core.Rules;
using StudentCard.Edge.Display;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Display;

/// <summary>What the driver display shows, rendered to Spectre.Console's test console.</summary>
public sealed class DriverDisplayTests : IDisposable
{
    private readonly DisplayFixture _fixture = new();

    public static TheoryData<ReasonCode> DenialReasons() =>
        new(Enum.GetValues<ReasonCode>().Where(r => r is not (ReasonCode.None or ReasonCode.Evacuation)));

    [Fact]
    public void Before_any_tap_it_asks_for_a_card_and_shows_the_route_and_no_riders()
    {
        var screen = _fixture.Render();

        Assert.Equal(DriverScreenView.Waiting, DisplayFixture.Header(screen));
        Assert.DoesNotContain("VALID", screen);
        Assert.Contains("Route 12", screen);
        Assert.Contains("Riders this trip: 0", screen);
        Assert.Contains("Last tap -", screen);
        Assert.DoesNotContain("OFFLINE", screen);
    }

    [Fact]
    public void A_valid_card_shows_VALID_in_big_letters_with_the_time_of_the_tap()
    {
        _fixture.Display.Show(AccessDecision.Allowed, DisplayFixture.Start.AddSeconds(5));

        var screen = _fixture.Render();

        Assert.Equal("VALID", DisplayFixture.Header(screen));
        Assert.DoesNotContain("NOT VALID", screen);
        Assert.Contains(BigLetters("VALID"), screen);
        Assert.Contains("Last tap 07:40:05", screen);
        Assert.Contains("Riders this trip: 1", screen);
    }

    [Theory]
    [MemberData(nameof(DenialReasons))]
    public void A_refused_card_shows_NOT_VALID_and_the_words_of_its_reason(ReasonCode reason)
    {
        _fixture.Display.Show(AccessDecision.Denied(reason), DisplayFixture.Start);

        var screen = _fixture.Render();

        Assert.Equal("NOT VALID", DisplayFixture.Header(screen));
        Assert.Contains(BigLetters("NOT VALID"), screen);
        Assert.Contains(ReasonWords.For(reason), screen);
        Assert.All(ReasonWords.All.Where(w => w.Key != reason), other => Assert.DoesNotContain(other.Value, screen));
    }

    [Theory]
    [InlineData(ReasonCode.AntiPassback)]
    [InlineData(ReasonCode.Evacuation)]
    public void A_flagged_allowance_is_VALID_with_its_reason(ReasonCode reason)
    {
        _fixture.Display.Show(AccessDecision.Allow(reason), DisplayFixture.Start);

        var screen = _fixture.Render();

        Assert.Equal("VALID", DisplayFixture.Header(screen));
        Assert.DoesNotContain("NOT VALID", screen);
        Assert.Contains(ReasonWords.For(reason), screen);
    }

    [Fact]
    public void Offline_it_says_so_with_the_backlog_of_taps_waiting_to_send()
    {
        _fixture.AddWaitingPassages(7);
        _fixture.GoOffline();

        var screen = _fixture.Render();

        Assert.Contains("OFFLINE", screen);
        Assert.Contains("7 taps waiting to send", screen);
    }

    [Fact]
    public void A_link_blip_shorter_than_the_grace_is_not_shown_as_offline()
    {
        _fixture.Link.MarkDisconnected();
        _fixture.Time.Advance(OfflineIndicator.Grace - TimeSpan.FromMilliseconds(1));

        Assert.DoesNotContain("OFFLINE", _fixture.Render());
    }

    [Fact]
    public void Back_online_the_offline_indicator_goes()
    {
        _fixture.AddWaitingPassages(1);
        _fixture.GoOffline();
        var offline = _fixture.Render();
        _fixture.Link.MarkConnected(DisplayFixture.Start.AddMinutes(1));

        var online = _fixture.Render();

        Assert.Contains("1 tap waiting to send", offline);
        Assert.DoesNotContain("OFFLINE", online);
    }

    [Fact]
    public void Riders_count_allowed_taps_only_and_start_again_on_a_new_trip()
    {
        var display = _fixture.Display;
        display.Show(AccessDecision.Allowed, DisplayFixture.Start);
        display.Show(AccessDecision.Denied(ReasonCode.Expired), DisplayFixture.Start.AddSeconds(1));
        display.Show(AccessDecision.Allow(ReasonCode.AntiPassback), DisplayFixture.Start.AddSeconds(2));
        display.Show(AccessDecision.Denied(ReasonCode.NotEligibleForRoute), DisplayFixture.Start.AddSeconds(3));
        display.Show(AccessDecision.Allowed, DisplayFixture.Start.AddSeconds(4));
        var duringTrip = _fixture.Render();

        display.StartTrip("7B");
        var newTrip = _fixture.Render();

        Assert.Contains("Riders this trip: 3", duringTrip);
        Assert.Contains("Riders this trip: 0", newTrip);
        Assert.Contains("Route 7B", newTrip);
        Assert.Equal(DriverScreenView.Waiting, DisplayFixture.Header(newTrip));
    }

    [Fact]
    public void A_verdict_gives_way_to_the_waiting_screen_after_its_time()
    {
        _fixture.Display.Show(AccessDecision.Denied(ReasonCode.Expired), _fixture.Time.GetUtcNow());
        _fixture.Time.Advance(TimeSpan.FromSeconds(_fixture.Options.VerdictSeconds) - TimeSpan.FromMilliseconds(1));
        var justBefore = _fixture.Render();

        _fixture.Time.Advance(TimeSpan.FromMilliseconds(1));
        var after = _fixture.Render();

        Assert.Contains("NOT VALID", justBefore);
        Assert.DoesNotContain("NOT VALID", after);
        Assert.Equal(DriverScreenView.Waiting, DisplayFixture.Header(after));
        Assert.Contains("Last tap 07:40:00", after);
    }

    public void Dispose() => _fixture.Dispose();

    /// <summary>The first line of the verdict in FIGlet letters, as the display draws it.</summary>
    private static string BigLetters(string text)
    {
        var console = new TestConsole().Width(100);
        console.Write(new FigletText(text));
        return console.Lines.First(line => line.Trim().Length > 0).TrimEnd();
    }
}
