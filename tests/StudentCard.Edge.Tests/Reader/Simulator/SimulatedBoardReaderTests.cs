using StudentCard.Core.Rules;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>The driver against the firmware simulator through a real pseudo-terminal (and TCP): the two were written apart.</summary>
public sealed class SimulatedBoardReaderTests : IDisposable
{
    private const string CardA = "04A1B2C3D4E5F6";
    private const string CardB = "1A2B3C4D";

    private readonly SimulatorTestSupport _support = new();

    [LinuxFact]
    public async Task Start_up_handshake_succeeds_over_the_pty()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var transport = new SerialPortTransport(_support.LinkPath);
        await transport.OpenAsync(CancellationToken.None);
        var client = new Pn532Client(transport);

        await client.WakeUpAsync(CancellationToken.None);
        await client.SamConfigurationAsync(CancellationToken.None);
        var firmware = await client.GetFirmwareVersionAsync(CancellationToken.None);
        await client.SetMaxRetriesAsync(0xFF, 0x01, 0x01, CancellationToken.None);
        var targets = await client.InListPassiveTargetAsync(2, CancellationToken.None);

        Assert.Equal(0x32, firmware.Ic);
        Assert.Empty(targets);
    }

    [LinuxFact]
    public async Task One_tap_is_one_CardTap_and_an_allow_shows_green_with_a_beep()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var reader = SimulatorTestSupport.Reader(SimulatorTestSupport.Options(_support.LinkPath));
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        board.Field.Present(SimulatedCard.FromHex(CardA));
        await Eventually.Until(() => taps.Taps.Count == 1, "the tap");
        await reader.SignalAsync(Decision.Allow, ReasonCode.None, CancellationToken.None);
        await Eventually.Until(() => board.Feedback.Count >= 3, "the allow pattern");

        Assert.Equal(CardA, Convert.ToHexString(taps.Taps[0].Uid.Bytes));
        var feedback = board.Feedback;
        Assert.Equal((true, false, true), (feedback[0].Green, feedback[0].Red, feedback[0].Buzzer));
        Assert.Equal((true, false, false), (feedback[1].Green, feedback[1].Red, feedback[1].Buzzer));
        Assert.Equal((false, false, false), (feedback[2].Green, feedback[2].Red, feedback[2].Buzzer));
    }

    [LinuxFact]
    public async Task A_deny_shows_red_with_a_long_beep()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var reader = SimulatorTestSupport.Reader(SimulatorTestSupport.Options(_support.LinkPath));
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        await reader.SignalAsync(Decision.Deny, ReasonCode.UnknownCard, CancellationToken.None);
        await Eventually.Until(() => board.Feedback.Count >= 3, "the deny pattern");

        var feedback = board.Feedback;
        Assert.Equal((false, true, true), (feedback[0].Green, feedback[0].Red, feedback[0].Buzzer));
        Assert.Equal((false, true, false), (feedback[1].Green, feedback[1].Red, feedback[1].Buzzer));
        Assert.Equal((false, false, false), (feedback[2].Green, feedback[2].Red, feedback[2].Buzzer));
    }

    [LinuxFact]
    public async Task A_held_card_is_exactly_one_tap()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var reader = SimulatorTestSupport.Reader(SimulatorTestSupport.Options(_support.LinkPath, holdOffMs: 300));
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        board.Field.Present(SimulatedCard.FromHex(CardA));
        await Eventually.Until(() => taps.Taps.Count == 1, "the tap");
        // Held for several hold-off periods: still one tap, because the card never left the field.
        await Task.Delay(1500);

        Assert.Single(taps.Taps);
        Assert.True(reader.IsConnected);
    }

    [LinuxFact]
    public async Task Two_cards_in_turn_are_two_taps()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var reader = SimulatorTestSupport.Reader(SimulatorTestSupport.Options(_support.LinkPath));
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        await board.RunScriptAsync(new StringReader($"tap {CardA} 400\nwait 200\ntap {CardB} 400\n"), CancellationToken.None);
        await Eventually.Until(() => taps.Taps.Count == 2, "two taps");

        Assert.Equal([CardA, CardB], taps.Taps.Select(t => Convert.ToHexString(t.Uid.Bytes)));
    }

    [LinuxFact]
    public async Task A_card_that_vanishes_mid_exchange_is_a_clear_status_error_and_the_reader_carries_on()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        await using var transport = new SerialPortTransport(_support.LinkPath);
        await transport.OpenAsync(CancellationToken.None);
        var client = new Pn532Client(transport);
        await client.WakeUpAsync(CancellationToken.None);
        await client.SamConfigurationAsync(CancellationToken.None);
        await client.SetMaxRetriesAsync(0xFF, 0x01, 0x01, CancellationToken.None);

        await board.RunScriptAsync(new StringReader($"vanish-on-exchange {CardA}\n"), CancellationToken.None);
        var target = Assert.Single(await client.InListPassiveTargetAsync(2, CancellationToken.None));
        var ex = await Assert.ThrowsAsync<Pn532StatusException>(
            () => client.InDataExchangeAsync(target.Tg, new byte[] { 0x30, 0x04 }, CancellationToken.None));
        var after = await client.InListPassiveTargetAsync(2, CancellationToken.None);

        Assert.Equal(0x01, ex.Status);
        Assert.DoesNotContain(CardA, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(after);
    }

    [LinuxFact]
    public async Task The_reader_reconnects_after_the_simulator_is_killed_and_restarted()
    {
        await using var reader = SimulatorTestSupport.Reader(SimulatorTestSupport.Options(_support.LinkPath));
        await using var taps = TapCollector.Start(reader);
        await using (var first = await SimulatorProcess.StartAsync(_support.LinkPath, CardA))
        {
            await Eventually.Until(() => taps.Taps.Count == 1, "the tap on the first simulator");
            await first.KillAsync();
        }
        await Eventually.Until(() => !reader.IsConnected, "the reader to notice the simulator is gone");

        await using var second = await SimulatorProcess.StartAsync(_support.LinkPath, CardB);
        await Eventually.Until(() => taps.Taps.Count == 2, "the tap on the restarted simulator", timeoutMs: 20_000);

        Assert.Equal([CardA, CardB], taps.Taps.Select(t => Convert.ToHexString(t.Uid.Bytes)));
        Assert.False(taps.Run.IsCompleted);
    }

    [Fact]
    public async Task The_reader_works_over_TCP_too()
    {
        await using var board = SimulatedBoard.StartOnTcp(0);
        var options = new ReaderOptions
        {
            Transport = ReaderOptions.TcpTransport,
            TcpHost = "127.0.0.1",
            TcpPort = board.Port!.Value,
            PollIntervalMs = 20,
            ReconnectMinMs = 50,
            ReconnectMaxMs = 400,
        };
        await using var reader = SimulatorTestSupport.Reader(options);
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        board.Field.Present(SimulatedCard.FromHex(CardB));
        await Eventually.Until(() => taps.Taps.Count == 1, "the tap");

        Assert.Equal(CardB, Convert.ToHexString(taps.Taps[0].Uid.Bytes));
    }

    public void Dispose() => _support.Dispose();
}
