using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class Pn532ClientTests
{
    private const string Ack = "00-00-FF-00-FF-00";
    private const string Nack = "00-00-FF-FF-00-00";
    private const string GetFirmwareVersion = "00-00-FF-02-FE-D4-02-2A-00";
    private const string FirmwareResponse = "00-00-FF-06-FA-D5-03-32-01-06-07-E8-00";
    private const string ListTwo = "00-00-FF-04-FC-D4-4A-02-00-E0-00";

    private static readonly Pn532ClientOptions Fast = new()
    {
        AckTimeout = TimeSpan.FromMilliseconds(100),
        ResponseTimeout = TimeSpan.FromMilliseconds(1500),
    };

    [Fact]
    public async Task Wake_up_sends_the_HSU_preamble()
    {
        var device = new ScriptedDevice().Expect("55-55-00-00-00-00-00-00-00-00-00-00-00-00-00-00");
        var client = await ClientFor(device);

        await client.WakeUpAsync(CancellationToken.None);

        Assert.Empty(device.Unexpected);
        Assert.Equal(0, device.Remaining);
    }

    [Fact]
    public async Task Firmware_version_is_parsed()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, Ack, FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(new Pn532FirmwareVersion(0x32, 0x01, 0x06, 0x07), version);
        Assert.Empty(device.Unexpected);
    }

    [Fact]
    public async Task Start_up_commands_send_exact_frames_and_accept_their_responses()
    {
        var device = new ScriptedDevice()
            .Expect("00-00-FF-03-FD-D4-14-01-17-00", Ack, "00-00-FF-02-FE-D5-15-16-00")
            .Expect("00-00-FF-03-FD-D4-12-14-06-00", Ack, "00-00-FF-02-FE-D5-13-18-00")
            .Expect("00-00-FF-06-FA-D4-32-05-FF-01-01-F4-00", Ack, "00-00-FF-02-FE-D5-33-F8-00");
        var client = await ClientFor(device);

        await client.SamConfigurationAsync(CancellationToken.None);
        await client.SetParametersAsync(Pn532Parameters.AutomaticAtrRes | Pn532Parameters.AutomaticRats, CancellationToken.None);
        await client.SetMaxRetriesAsync(0xFF, 0x01, 0x01, CancellationToken.None);

        Assert.Empty(device.Unexpected);
        Assert.Equal(0, device.Remaining);
    }

    [Fact]
    public async Task An_empty_field_lists_no_target()
    {
        var device = new ScriptedDevice().Expect(ListTwo, Ack, "00-00-FF-03-FD-D5-4B-00-E0-00");
        var client = await ClientFor(device);

        var targets = await client.InListPassiveTargetAsync(2, CancellationToken.None);

        Assert.Empty(targets);
    }

    [Theory]
    [InlineData("00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-DE-AD-BE-EF-96-00", "DE-AD-BE-EF", 0x0004, 0x08)]
    [InlineData("00-00-FF-0F-F1-D5-4B-01-01-00-44-00-07-04-11-22-33-44-55-66-2A-00", "04-11-22-33-44-55-66", 0x0044, 0x00)]
    [InlineData("00-00-FF-12-EE-D5-4B-01-01-00-44-00-0A-01-02-03-04-05-06-07-08-09-0A-59-00", "01-02-03-04-05-06-07-08-09-0A", 0x0044, 0x00)]
    public async Task One_target_is_parsed_with_a_4_7_or_10_byte_uid(string response, string uid, int sensRes, int selRes)
    {
        var device = new ScriptedDevice().Expect(ListTwo, Ack, response);
        var client = await ClientFor(device);

        var targets = await client.InListPassiveTargetAsync(2, CancellationToken.None);

        var target = Assert.Single(targets);
        Assert.Equal(1, target.Tg);
        Assert.Equal(sensRes, target.SensRes);
        Assert.Equal(selRes, target.SelRes);
        Assert.Equal(uid, Hex.Format(target.Uid.Bytes));
        Assert.Empty(target.Ats);
    }

    [Fact]
    public async Task Two_targets_are_parsed_including_an_ATS()
    {
        var device = new ScriptedDevice().Expect(ListTwo, Ack,
            "00-00-FF-1D-E3-D5-4B-02-01-00-04-08-04-DE-AD-BE-EF-02-03-44-20-07-04-11-22-33-44-55-66-05-75-77-81-02-48-00");
        var client = await ClientFor(device);

        var targets = await client.InListPassiveTargetAsync(2, CancellationToken.None);

        Assert.Equal(2, targets.Count);
        Assert.Equal("DE-AD-BE-EF", Hex.Format(targets[0].Uid.Bytes));
        Assert.Equal(2, targets[1].Tg);
        Assert.Equal(0x0344, targets[1].SensRes);
        Assert.Equal(0x20, targets[1].SelRes);
        Assert.Equal("04-11-22-33-44-55-66", Hex.Format(targets[1].Uid.Bytes));
        Assert.Equal("05-75-77-81-02", Hex.Format(targets[1].Ats));
        Assert.DoesNotContain("DE", targets[0].ToString());
    }

    [Theory]
    [InlineData("4B-01-01-00-04-08-05-DE-AD-BE-EF-01", "length 5")]      // NFCID1 of 5 bytes
    [InlineData("4B-01-01-00-04-08-04-DE-AD", "truncated")]              // NFCID1 cut short
    [InlineData("4B-03", "NbTg 3")]
    public void Malformed_target_lists_are_rejected_without_uid_in_the_message(string data, string problem)
    {
        var bytes = Hex.Parse(data);

        var ex = Assert.Throws<Pn532ProtocolException>(() => PassiveTargetParser.Parse(bytes.AsSpan(1)));

        Assert.Contains(problem, ex.Message);
        Assert.DoesNotContain("DE", ex.Message);
        Assert.DoesNotContain("AD", ex.Message);
    }

    [Fact]
    public async Task Release_and_gpio_commands_send_exact_frames()
    {
        var device = new ScriptedDevice()
            .Expect("00-00-FF-03-FD-D4-52-00-DA-00", Ack, "00-00-FF-03-FD-D5-53-00-D8-00")
            .Expect("00-00-FF-04-FC-D4-0E-91-00-8D-00", Ack, "00-00-FF-02-FE-D5-0F-1C-00")
            .Expect("00-00-FF-02-FE-D4-0C-20-00", Ack, "00-00-FF-05-FB-D5-0D-91-00-00-8D-00");
        var client = await ClientFor(device);

        await client.InReleaseAsync(0, CancellationToken.None);
        await client.WriteGpioAsync(0x91, 0x00, CancellationToken.None);
        var gpio = await client.ReadGpioAsync(CancellationToken.None);

        Assert.Equal(new Pn532GpioState(0x91, 0x00, 0x00), gpio);
        Assert.Empty(device.Unexpected);
    }

    [Fact]
    public async Task Data_exchange_returns_the_card_answer()
    {
        var device = new ScriptedDevice().Expect("00-00-FF-05-FB-D4-40-01-30-04-B7-00", Ack,
            "00-00-FF-13-ED-D5-41-00-00-01-02-03-04-05-06-07-08-09-0A-0B-0C-0D-0E-0F-72-00");
        var client = await ClientFor(device);

        var block = await client.InDataExchangeAsync(1, new byte[] { 0x30, 0x04 }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i), block);
    }

    [Fact]
    public async Task A_card_gone_during_data_exchange_is_a_status_error()
    {
        var device = new ScriptedDevice().Expect("00-00-FF-05-FB-D4-40-01-30-04-B7-00", Ack, "00-00-FF-03-FD-D5-41-01-E9-00");
        var client = await ClientFor(device);

        var ex = await Assert.ThrowsAsync<Pn532StatusException>(
            () => client.InDataExchangeAsync(1, new byte[] { 0x30, 0x04 }, CancellationToken.None));

        Assert.Equal(0x01, ex.Status);
        Assert.Contains("InDataExchange", ex.Message);
        Assert.Contains("timeout", ex.Message);
    }

    [Fact]
    public async Task An_error_frame_is_a_protocol_error()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, Ack, "00-00-FF-01-FF-7F-81-00");
        var client = await ClientFor(device);

        var ex = await Assert.ThrowsAsync<Pn532ProtocolException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));

        Assert.Contains("error frame", ex.Message);
    }

    [Fact]
    public async Task A_response_with_the_wrong_TFI_is_a_protocol_error()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, Ack, "00-00-FF-06-FA-D4-03-32-01-06-07-E9-00");
        var client = await ClientFor(device);

        var ex = await Assert.ThrowsAsync<Pn532ProtocolException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));

        Assert.Contains("TFI", ex.Message);
    }

    [Theory]
    [InlineData("00-00-FF-06-FA-D5-03-32-01-06-07-E9-00")]  // wrong DCS
    [InlineData("00-00-FF-06-FB-D5-03-32-01-06-07-E8-00")]  // wrong LCS
    [InlineData("00-00-FF-06-FA-D5-03-32")]                 // truncated, then the retransmission follows
    public async Task A_corrupt_response_is_NACKed_and_the_retransmission_accepted(string corrupt)
    {
        var device = new ScriptedDevice()
            .Expect(GetFirmwareVersion, Ack, corrupt)
            .Expect(Nack, FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(0x32, version.Ic);
        Assert.Empty(device.Unexpected);
        Assert.Equal(0, device.Remaining);
    }

    [Fact]
    public async Task Garbage_between_frames_is_discarded()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, "13-37-" + Ack + "-FF-FF-42-00-" + FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(new Pn532FirmwareVersion(0x32, 0x01, 0x06, 0x07), version);
    }

    [Fact]
    public async Task A_response_split_over_many_reads_is_reassembled()
    {
        var transport = new InMemoryReaderTransport(_ => Hex.Parse(Ack + FirmwareResponse).Select(b => new[] { b }));
        await transport.OpenAsync(CancellationToken.None);
        var client = new Pn532Client(transport, Fast);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(0x07, version.Support);
    }

    [Fact]
    public async Task A_response_that_stays_corrupt_gives_up_after_a_few_NACKs()
    {
        const string bad = "00-00-FF-06-FA-D5-03-32-01-06-07-E9-00";
        var device = new ScriptedDevice()
            .Expect(GetFirmwareVersion, Ack, bad)
            .Expect(Nack, bad)
            .Expect(Nack, bad)
            .Expect(Nack, bad);
        var client = await ClientFor(device);

        var ex = await Assert.ThrowsAsync<Pn532ProtocolException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));

        Assert.Contains("retransmission", ex.Message);
        Assert.Equal(0, device.Remaining);
    }

    [Fact]
    public async Task A_missing_ACK_resends_the_command_once_more()
    {
        var device = new ScriptedDevice()
            .Expect(GetFirmwareVersion)
            .Expect(GetFirmwareVersion, Ack, FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(0x32, version.Ic);
        Assert.Equal(0, device.Remaining);
    }

    [Fact]
    public async Task A_lost_ACK_with_a_good_response_is_accepted()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(0x32, version.Ic);
    }

    [Fact]
    public async Task A_silent_device_times_out_after_the_command_attempts()
    {
        var transport = new InMemoryReaderTransport();
        await transport.OpenAsync(CancellationToken.None);
        var client = new Pn532Client(transport, Fast);

        var ex = await Assert.ThrowsAsync<Pn532TimeoutException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));

        Assert.Contains("GetFirmwareVersion", ex.Message);
        Assert.Equal(3, transport.Written.Count);
    }

    [Fact]
    public async Task An_acknowledged_command_without_response_times_out()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, Ack);
        var client = await ClientFor(device);

        var ex = await Assert.ThrowsAsync<Pn532TimeoutException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));

        Assert.Contains("no response", ex.Message);
    }

    [Fact]
    public async Task A_device_that_hangs_up_is_a_transport_error()
    {
        var transport = new InMemoryReaderTransport();
        await transport.OpenAsync(CancellationToken.None);
        transport.HangUp();
        var client = new Pn532Client(transport, Fast);

        await Assert.ThrowsAsync<ReaderTransportException>(() => client.GetFirmwareVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_stale_response_to_an_earlier_command_is_skipped()
    {
        var device = new ScriptedDevice().Expect(GetFirmwareVersion, Ack, "00-00-FF-03-FD-D5-4B-00-E0-00", FirmwareResponse);
        var client = await ClientFor(device);

        var version = await client.GetFirmwareVersionAsync(CancellationToken.None);

        Assert.Equal(0x32, version.Ic);
    }

    private static async Task<Pn532Client> ClientFor(ScriptedDevice device)
    {
        var transport = device.Transport();
        await transport.OpenAsync(CancellationToken.None);
        return new Pn532Client(transport, Fast);
    }
}
