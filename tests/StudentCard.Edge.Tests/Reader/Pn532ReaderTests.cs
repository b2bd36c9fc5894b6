using StudentCard.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using StudentCard.Core.Rules;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>The polling loop against an in-memory PN532: taps, hold-off, feedback and reconnection.</summary>
public sealed class Pn532ReaderTests
{
    [Fact]
    public async Task Start_up_handshake_sends_wake_up_SAM_firmware_and_retry_limits_in_order()
    {
        var device = new FakePn532();
        await using var reader = ReaderFor(device);
        await using var taps = TapCollector.Start(reader);

        await Eventually.Until(() => device.Polls > 0, "the first poll");

        var written = device.Transports[0].Written.Take(5).Select(w => Hex.Format(w)).ToList();
        Assert.Equal(
            [
                "55-55-00-00-00-00-00-00-00-00-00-00-00-00-00-00",
                "00-00-FF-03-FD-D4-14-01-17-00",
                "00-00-FF-02-FE-D4-02-2A-00",
                "00-00-FF-06-FA-D4-32-05-FF-01-01-F4-00",
                "00-00-FF-04-FC-D4-4A-02-00-E0-00",
            ],
            written);
        Assert.True(reader.IsConnected);
    }

    [Fact]
    public async Task A_held_card_is_one_tap_and_is_released()
    {
        var device = new FakePn532();
        device.Present("04-11-22-33-44-55-66");
        await using var reader = ReaderFor(device);
        await using var taps = TapCollector.Start(reader);

        await Eventually.Until(() => taps.Taps.Count > 0, "the tap");
        int polls = device.Polls;
        await Eventually.Until(() => device.Polls > polls + 10, "ten more polls with the card held");

        var tap = Assert.Single(taps.Taps);
        Assert.Equal("04-11-22-33-44-55-66", Hex.Format(tap.Uid.Bytes));
        Assert.Contains(device.Transports[0].Written, w => Hex.Format(w) == "00-00-FF-03-FD-D4-52-00-DA-00");
    }

    [Fact]
    public async Task A_card_taken_away_and_back_after_the_hold_off_is_a_second_tap()
    {
        var device = new FakePn532();
        device.Present("01-02-03-04");
        await using var reader = ReaderFor(device, holdOffMs: 0);
        await using var taps = TapCollector.Start(reader);

        await Eventually.Until(() => taps.Taps.Count == 1, "the first tap");
        device.Clear();
        int polls = device.Polls;
        await Eventually.Until(() => device.Polls > polls + 1, "a poll of the empty field");
        device.Present("01-02-03-04");
        await Eventually.Until(() => taps.Taps.Count == 2, "the second tap");
    }

    [Fact]
    public async Task Two_cards_listed_together_are_two_taps()
    {
        var device = new FakePn532();
        device.Present("01-02-03-04");
        device.Present("0A-0B-0C-0D");
        await using var reader = ReaderFor(device);
        await using var taps = TapCollector.Start(reader);

        await Eventually.Until(() => taps.Taps.Count == 2, "both taps");
        int polls = device.Polls;
        await Eventually.Until(() => device.Polls > polls + 5, "more polls");

        Assert.Equal(["01-02-03-04", "0A-0B-0C-0D"], taps.Taps.Select(t => Hex.Format(t.Uid.Bytes)).Order());
    }

    [Theory]
    [InlineData(Decision.Allow, ReasonCode.None, new byte[] { 0xBD, 0xAD, 0xAC })]
    [InlineData(Decision.Deny, ReasonCode.UnknownCard, new byte[] { 0xBE, 0xAE, 0xAC })]
    public async Task Signal_plays_the_pattern_through_WriteGPIO(Decision decision, ReasonCode reason, byte[] p3)
    {
        var device = new FakePn532();
        await using var reader = ReaderFor(device);
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the connection");

        await reader.SignalAsync(decision, reason, CancellationToken.None);
        Assert.Equal(p3[0], device.P3Writes[0]);
        await Eventually.Until(() => device.P3Writes.Count == 3, "the whole pattern");

        Assert.Equal(p3, device.P3Writes);
    }

    [Fact]
    public async Task A_vanished_device_is_reopened_and_the_next_tap_reported()
    {
        var device = new FakePn532();
        await using var reader = ReaderFor(device);
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => device.Polls > 0, "the first poll");

        device.FailingOpens = 2;
        device.Transports[0].HangUp();
        await Eventually.Until(() => device.Transports.Count >= 4, "two failed reopenings and a good one");
        device.Present("01-02-03-04");

        await Eventually.Until(() => taps.Taps.Count == 1, "the tap after reconnecting");
        Assert.True(reader.IsConnected);
        Assert.False(taps.Run.IsCompleted);
    }

    [Fact]
    public async Task Signal_without_a_connection_does_not_throw()
    {
        var device = new FakePn532 { FailingOpens = int.MaxValue };
        await using var reader = ReaderFor(device);

        await reader.SignalAsync(Decision.Deny, ReasonCode.Revoked, CancellationToken.None);

        Assert.False(reader.IsConnected);
        Assert.Empty(device.P3Writes);
    }

    [Fact]
    public async Task Cancelling_ends_the_tap_sequence_quietly()
    {
        var device = new FakePn532();
        await using var reader = ReaderFor(device);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(async () =>
        {
            await foreach (var _ in reader.TapsAsync(stop.Token))
            {
            }
        });
        await Eventually.Until(() => device.Polls > 0, "the first poll");

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(reader.IsConnected);
    }

    [Fact]
    public async Task No_uid_reaches_the_logs_through_taps_feedback_and_reconnection()
    {
        var device = new FakePn532();
        var logger = new CapturingLogger<Pn532Reader>();
        await using var reader = ReaderFor(device, logger: logger);
        await using var taps = TapCollector.Start(reader);
        device.Present("04-A1-B2-C3-D4-E5-F6");

        await Eventually.Until(() => taps.Taps.Count == 1, "the tap");
        await reader.SignalAsync(Decision.Allow, ReasonCode.None, CancellationToken.None);
        device.FailingOpens = 1;
        device.Transports[^1].HangUp();
        await Eventually.Until(() => device.Transports.Count >= 3 && reader.IsConnected, "the reconnection");

        Assert.Contains(logger.Lines, l => l.Contains("connected"));
        Assert.Contains(logger.Lines, l => l.Contains("unavailable"));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("A1B2C3", StringComparison.OrdinalIgnoreCase)
            || l.Contains("A1-B2-C3", StringComparison.OrdinalIgnoreCase));
    }

    private static Pn532Reader ReaderFor(FakePn532 device, int holdOffMs = 1500, CapturingLogger<Pn532Reader>? logger = null) => new(
        new ReaderOptions
        {
            PortName = "in-memory",
            PollIntervalMs = 5,
            HoldOffMs = holdOffMs,
            AckTimeoutMs = 200,
            ResponseTimeoutMs = 500,
            ReconnectMinMs = 10,
            ReconnectMaxMs = 40,
        },
        device.CreateTransport,
        "in-memory",
        TimeProvider.System,
        logger ?? (Microsoft.Extensions.Logging.ILogger<Pn532Reader>)NullLogger<Pn532Reader>.Instance,
        new FeedbackPatterns());
}
