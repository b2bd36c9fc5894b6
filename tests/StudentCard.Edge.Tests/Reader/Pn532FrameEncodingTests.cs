using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class Pn532FrameEncodingTests
{
    [Theory]
    [InlineData("02", "00-00-FF-02-FE-D4-02-2A-00")]                          // GetFirmwareVersion
    [InlineData("14-01", "00-00-FF-03-FD-D4-14-01-17-00")]                    // SAMConfiguration, normal mode
    [InlineData("12-14", "00-00-FF-03-FD-D4-12-14-06-00")]                    // SetParameters auto ATR_RES + RATS
    [InlineData("32-05-FF-01-01", "00-00-FF-06-FA-D4-32-05-FF-01-01-F4-00")]  // RFConfiguration MaxRetries
    [InlineData("4A-02-00", "00-00-FF-04-FC-D4-4A-02-00-E0-00")]              // InListPassiveTarget, 2 targets, 106A
    [InlineData("4A-01-00", "00-00-FF-04-FC-D4-4A-01-00-E1-00")]              // InListPassiveTarget, 1 target
    [InlineData("52-00", "00-00-FF-03-FD-D4-52-00-DA-00")]                    // InRelease all
    [InlineData("40-01-30-04", "00-00-FF-05-FB-D4-40-01-30-04-B7-00")]        // InDataExchange MIFARE READ block 4
    [InlineData("0E-91-00", "00-00-FF-04-FC-D4-0E-91-00-8D-00")]              // WriteGPIO P30 + P34 only
    [InlineData("0E-BD-00", "00-00-FF-04-FC-D4-0E-BD-00-61-00")]              // WriteGPIO allow: green + buzzer, P32/P33/P35 high
    [InlineData("0C", "00-00-FF-02-FE-D4-0C-20-00")]                          // ReadGPIO
    public void Command_frames_are_encoded_exactly(string commandAndParameters, string expected)
    {
        var data = Hex.Parse(commandAndParameters);

        var frame = Pn532Frame.EncodeCommand(data[0], data.AsSpan(1));

        Assert.Equal(expected, Hex.Format(frame));
    }

    [Fact]
    public void Ack_nack_and_error_frames_are_encoded_exactly()
    {
        Assert.Equal("00-00-FF-00-FF-00", Hex.Format(Pn532Frame.Ack.Encode()));
        Assert.Equal("00-00-FF-FF-00-00", Hex.Format(Pn532Frame.Nack.Encode()));
        Assert.Equal("00-00-FF-01-FF-7F-81-00", Hex.Format(Pn532Frame.Error.Encode()));
    }

    [Fact]
    public void Payload_over_255_bytes_uses_an_extended_frame()
    {
        var parameters = Enumerable.Range(0, 299).Select(i => (byte)i).ToArray();

        var frame = Pn532Frame.EncodeCommand(Pn532Command.InDataExchange, parameters);

        // LEN = TFI + command + 299 = 301 = 0x012D; LCS = 0x100 - (0x01 + 0x2D) = 0xD2.
        Assert.Equal("00-00-FF-FF-FF-01-2D-D2-D4-40", Hex.Format(frame.AsSpan(0, 10)));
        Assert.Equal(8 + 301 + 2, frame.Length);
        byte sum = 0;
        foreach (byte b in frame.AsSpan(8, 302))
        {
            sum += b;
        }
        Assert.Equal(0, sum);
        Assert.Equal(0x00, frame[^1]);
    }

    [Fact]
    public void Payload_of_exactly_255_bytes_still_fits_a_normal_frame()
    {
        var frame = Pn532Frame.EncodeCommand(Pn532Command.InDataExchange, new byte[253]);

        Assert.Equal("00-00-FF-FF-01", Hex.Format(frame.AsSpan(0, 5)));
    }

    [Fact]
    public void Extended_frames_round_trip_through_the_decoder()
    {
        var data = Enumerable.Range(0, 400).Select(i => (byte)(i * 7)).ToArray();
        var encoded = Pn532Frame.Information(Pn532Frame.Pn532ToHost, data).Encode();

        var result = Pn532FrameDecoder.Decode(encoded);

        Assert.Equal(Pn532DecodeStatus.Frame, result.Status);
        Assert.Equal(encoded.Length, result.Consumed);
        Assert.Equal(Pn532Frame.Pn532ToHost, result.Frame!.Tfi);
        Assert.Equal(data, result.Frame.Data.ToArray());
    }
}
