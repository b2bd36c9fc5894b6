using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class Pn532FrameDecoderTests
{
    [Theory]
    [InlineData("00-00-FF-06-FA-D5-03-32-01-06-07-E8-00", "03-32-01-06-07")]                          // GetFirmwareVersion
    [InlineData("00-00-FF-02-FE-D5-15-16-00", "15")]                                                 // SAMConfiguration
    [InlineData("00-00-FF-02-FE-D5-13-18-00", "13")]                                                 // SetParameters
    [InlineData("00-00-FF-02-FE-D5-33-F8-00", "33")]                                                 // RFConfiguration
    [InlineData("00-00-FF-03-FD-D5-4B-00-E0-00", "4B-00")]                                           // InListPassiveTarget, no card
    [InlineData("00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-DE-AD-BE-EF-96-00", "4B-01-01-00-04-08-04-DE-AD-BE-EF")]
    [InlineData("00-00-FF-03-FD-D5-53-00-D8-00", "53-00")]                                           // InRelease
    [InlineData("00-00-FF-03-FD-D5-41-01-E9-00", "41-01")]                                           // InDataExchange timeout
    [InlineData("00-00-FF-02-FE-D5-0F-1C-00", "0F")]                                                 // WriteGPIO
    [InlineData("00-00-FF-05-FB-D5-0D-91-00-00-8D-00", "0D-91-00-00")]                               // ReadGPIO
    [InlineData("00-00-FF-FF-FF-00-06-FA-D5-03-32-01-06-07-E8-00", "03-32-01-06-07")]                 // extended form of a short frame
    [InlineData("FF-13-37-FF-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00", "03-32-01-06-07")]              // garbage first
    [InlineData("00-FF-06-FA-D5-03-32-01-06-07-E8", "03-32-01-06-07")]                                // no preamble/postamble
    public void Responses_are_decoded(string wire, string expectedData)
    {
        var bytes = Hex.Parse(wire);

        var result = Pn532FrameDecoder.Decode(bytes);

        Assert.Equal(Pn532DecodeStatus.Frame, result.Status);
        Assert.Equal(bytes.Length, result.Consumed);
        Assert.Equal(Pn532FrameKind.Information, result.Frame!.Kind);
        Assert.Equal(Pn532Frame.Pn532ToHost, result.Frame.Tfi);
        Assert.Equal(expectedData, Hex.Format(result.Frame.Data.Span));
    }

    [Theory]
    [InlineData("00-00-FF-00-FF-00", Pn532FrameKind.Ack)]
    [InlineData("00-00-FF-FF-00-00", Pn532FrameKind.Nack)]
    [InlineData("00-00-FF-01-FF-7F-81-00", Pn532FrameKind.Error)]
    [InlineData("55-00-00-FF-00-FF-00", Pn532FrameKind.Ack)]
    public void Control_frames_are_recognised(string wire, Pn532FrameKind kind)
    {
        var bytes = Hex.Parse(wire);

        var result = Pn532FrameDecoder.Decode(bytes);

        Assert.Equal(Pn532DecodeStatus.Frame, result.Status);
        Assert.Equal(kind, result.Frame!.Kind);
        Assert.Equal(bytes.Length, result.Consumed);
    }

    [Theory]
    [InlineData("00-00-FF-06-FB-D5-03-32-01-06-07-E8-00", 3, "LCS")]              // wrong LCS
    [InlineData("00-00-FF-06-FA-D5-03-32-01-06-07-E9-00", 3, "DCS")]              // wrong DCS
    [InlineData("00-00-FF-06-FA-D5-03-33-01-06-07-E8-00", 3, "DCS")]              // a data byte flipped
    [InlineData("00-00-FF-FF-FF-00-06-FB-D5-03-32-01-06-07-E8-00", 3, "LCS")]     // wrong extended LCS
    [InlineData("AA-00-FF-00-00-D5", 3, "TFI")]                                   // zero length
    public void Corrupt_frames_are_rejected_and_only_their_start_code_dropped(string wire, int consumed, string problem)
    {
        var result = Pn532FrameDecoder.Decode(Hex.Parse(wire));

        Assert.Equal(Pn532DecodeStatus.Corrupt, result.Status);
        Assert.Equal(consumed, result.Consumed);
        Assert.Contains(problem, result.Problem);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("00", 0)]
    [InlineData("13-37-00", 2)]                                  // garbage dropped, a possible start kept
    [InlineData("13-37", 2)]
    [InlineData("00-00-FF", 1)]
    [InlineData("00-00-FF-06-FA-D5-03-32", 1)]                    // truncated body
    [InlineData("00-00-FF-06-FA-D5-03-32-01-06-07", 1)]           // truncated before DCS
    [InlineData("00-00-FF-FF-FF-00", 1)]                          // truncated extended header
    public void Incomplete_input_asks_for_more(string wire, int consumed)
    {
        var result = Pn532FrameDecoder.Decode(Hex.Parse(wire));

        Assert.Equal(Pn532DecodeStatus.NeedMore, result.Status);
        Assert.Equal(consumed, result.Consumed);
    }

    [Fact]
    public void A_truncated_frame_followed_by_a_good_one_resynchronises_on_the_good_one()
    {
        var stream = Hex.Parse("00-00-FF-06-FA-D5-03-32" + "00-00-FF-02-FE-D5-15-16-00");

        var first = Pn532FrameDecoder.Decode(stream);
        var second = Pn532FrameDecoder.Decode(stream.AsSpan(first.Consumed));

        Assert.Equal(Pn532DecodeStatus.Corrupt, first.Status);
        Assert.Equal(Pn532DecodeStatus.Frame, second.Status);
        Assert.Equal("15", Hex.Format(second.Frame!.Data.Span));
    }
}
