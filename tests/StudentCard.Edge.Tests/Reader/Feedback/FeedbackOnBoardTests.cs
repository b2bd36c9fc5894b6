using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>Reason patterns reach the simulated board's LEDs and buzzer as GPIO writes, in order, over a real pseudo-terminal.</summary>
public sealed class FeedbackOnBoardTests : IDisposable
{
    private readonly SimulatorTestSupport _support = new();

    [LinuxTheory]
    [InlineData(Decision.Deny, ReasonCode.Expired, false)]
    [InlineData(Decision.Deny, ReasonCode.Lockdown, false)]
    [InlineData(Decision.Deny, ReasonCode.OutsideSchedule, false)]
    [InlineData(Decision.Allow, ReasonCode.AntiPassback, false)]
    [InlineData(Decision.Allow, ReasonCode.None, true)]
    public async Task The_board_shows_the_reasons_pattern_step_by_step(Decision decision, ReasonCode reason, bool offline)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var link = new LinkState();
        if (!offline)
        {
            link.MarkConnected(time.GetUtcNow());
        }
        time.Advance(OfflineIndicator.Grace);
        var patterns = new FeedbackPatterns(offline: new OfflineIndicator(link, time));
        var expected = patterns.For(decision, reason).Select(s => (s.Green, s.Red, s.Buzzer)).ToList();
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        var options = SimulatorTestSupport.Options(_support.LinkPath);
        await using var reader = new Pn532Reader(
            Options.Create(options), new ReaderTransportFactory(Options.Create(options)), TimeProvider.System, NullLogger<Pn532Reader>.Instance, patterns);
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        await reader.SignalAsync(decision, reason, CancellationToken.None);
        await Eventually.Until(() => board.Feedback.Count >= expected.Count, $"the {decision}/{reason} pattern");
        // Nothing after the pattern: its last step is dark and nothing else writes the port.
        await Task.Delay(200);

        Assert.Equal(expected, board.Feedback.Select(f => (f.Green, f.Red, f.Buzzer)));
    }

    public void Dispose() => _support.Dispose();
}
