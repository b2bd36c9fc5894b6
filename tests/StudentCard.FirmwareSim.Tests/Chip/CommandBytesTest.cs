using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Chip;

public sealed class CommandBytesTest
{
    // Each row: cards in the field, the host's frame, and the chip's exact answer (ACK, then response or error frame).
    // GetFirmwareVersion, SAMConfiguration "D4 14 01 14 01", the Diagnose "libnfc" echo and the InListPassiveTarget
    // answers follow UM0701-02's own examples.
    [Theory]
    [InlineData("", "00-00-FF-02-FE-D4-02-2A-00", "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00")]
    [InlineData("", "00-00-FF-05-FB-D4-14-01-14-01-02-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-15-16-00")]
    [InlineData("", "00-00-FF-03-FD-D4-14-01-17-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-15-16-00")]
    [InlineData("", "00-00-FF-03-FD-D4-14-00-18-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-03-FD-D4-14-05-13-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-09-F7-D4-00-00-6C-69-62-6E-66-63-BE-00", "00-00-FF-00-FF-00-00-00-FF-09-F7-D5-01-00-6C-69-62-6E-66-63-BC-00")]
    [InlineData("", "00-00-FF-03-FD-D4-00-01-2B-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-01-00-2A-00")]
    [InlineData("", "00-00-FF-03-FD-D4-00-02-2A-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-01-00-2A-00")]
    [InlineData("", "00-00-FF-04-FC-D4-00-04-01-27-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-01-80-AA-00")]
    [InlineData("", "00-00-FF-04-FC-D4-00-07-00-25-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-01-00-2A-00")]
    [InlineData("", "00-00-FF-03-FD-D4-00-06-26-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-01-27-03-00")]
    [InlineData("", "00-00-FF-03-FD-D4-00-03-29-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-06-FA-D4-00-05-00-00-00-27-00", "00-00-FF-00-FF-00")]
    [InlineData("", "00-00-FF-02-FE-D4-04-28-00", "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-05-00-00-00-00-26-00")]
    [InlineData("", "00-00-FF-03-FD-D4-12-14-06-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-13-18-00")]
    [InlineData("", "00-00-FF-02-FE-D4-12-1A-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-0C-F4-D4-06-63-02-63-03-FF-B0-FF-F7-12-34-70-00", "00-00-FF-00-FF-00-00-00-FF-07-F9-D5-07-80-80-EC-FF-00-39-00")]
    [InlineData("", "00-00-FF-03-FD-D4-06-63-C3-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-08-F8-D4-08-63-02-00-FF-F7-FD-CC-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-09-22-00")]
    [InlineData("", "00-00-FF-04-FC-D4-08-63-02-BF-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-02-FE-D4-0C-20-00", "00-00-FF-00-FF-00-00-00-FF-05-FB-D5-0D-2C-06-00-EC-00")]
    [InlineData("", "00-00-FF-04-FC-D4-0E-91-00-8D-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-0F-1C-00")]
    [InlineData("", "00-00-FF-03-FD-D4-0E-91-8D-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-03-FD-D4-16-F0-26-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-17-00-14-00")]
    [InlineData("", "00-00-FF-02-FE-D4-16-16-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-04-FC-D4-32-01-01-F8-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-33-F8-00")]
    [InlineData("", "00-00-FF-06-FA-D4-32-02-00-0B-0A-E3-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-33-F8-00")]
    [InlineData("", "00-00-FF-06-FA-D4-32-05-FF-01-00-F5-00", "00-00-FF-00-FF-00-00-00-FF-02-FE-D5-33-F8-00")]
    [InlineData("", "00-00-FF-04-FC-D4-32-05-FF-F6-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-04-FC-D4-32-03-00-F7-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("04A1B2C3", "00-00-FF-04-FC-D4-4A-01-00-E1-00", "00-00-FF-00-FF-00-00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-04-A1-B2-C3-B4-00")]
    [InlineData("04112233445566", "00-00-FF-04-FC-D4-4A-01-00-E1-00", "00-00-FF-00-FF-00-00-00-FF-0F-F1-D5-4B-01-01-00-44-00-07-04-11-22-33-44-55-66-2A-00")]
    [InlineData("04A1B2C3,04112233445566", "00-00-FF-04-FC-D4-4A-02-00-E0-00", "00-00-FF-00-FF-00-00-00-FF-18-E8-D5-4B-02-01-00-04-08-04-04-A1-B2-C3-02-00-44-00-07-04-11-22-33-44-55-66-FD-00")]
    [InlineData("04A1B2C3,04112233445566", "00-00-FF-04-FC-D4-4A-01-00-E1-00", "00-00-FF-00-FF-00-00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-04-A1-B2-C3-B4-00")]
    [InlineData("04A1B2C3,04112233445566", "00-00-FF-0B-F5-D4-4A-01-00-04-11-22-33-44-55-66-78-00", "00-00-FF-00-FF-00-00-00-FF-0F-F1-D5-4B-01-01-00-44-00-07-04-11-22-33-44-55-66-2A-00")]
    [InlineData("04A1B2C3", "00-00-FF-09-F7-D4-4A-01-01-00-FF-FF-00-00-E2-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-4B-00-E0-00")]
    [InlineData("04A1B2C3", "00-00-FF-04-FC-D4-4A-03-00-DF-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("04A1B2C3", "00-00-FF-04-FC-D4-4A-01-05-DC-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-05-FB-D4-40-01-30-04-B7-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-41-27-C3-00")]
    [InlineData("", "00-00-FF-04-FC-D4-42-30-04-B6-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-43-01-E7-00")]
    [InlineData("", "00-00-FF-03-FD-D4-44-01-E7-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-45-27-BF-00")]
    [InlineData("", "00-00-FF-03-FD-D4-44-00-E8-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-45-00-E6-00")]
    [InlineData("", "00-00-FF-03-FD-D4-52-01-D9-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-53-27-B1-00")]
    [InlineData("", "00-00-FF-03-FD-D4-52-00-DA-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-53-00-D8-00")]
    [InlineData("", "00-00-FF-03-FD-D4-54-01-D7-00", "00-00-FF-00-FF-00-00-00-FF-03-FD-D5-55-27-AF-00")]
    [InlineData("", "00-00-FF-05-FB-D4-60-01-01-00-CA-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-02-FE-D4-8C-A0-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-01-FF-D4-2C-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    [InlineData("", "00-00-FF-02-FE-D5-02-29-00", "00-00-FF-00-FF-00-00-00-FF-01-FF-7F-81-00")]
    public void AnswersCommandWithExactBytes(string cards, string request, string expected)
    {
        using var rig = new ChipRig();
        foreach (var uid in cards.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            rig.Field.Present(SimulatedCard.FromHex(uid));
        }

        Assert.Equal(expected, rig.SendRaw(request));
    }

    [Fact]
    public void AnswersExtendedFrameWithNormalFrame()
    {
        using var rig = new ChipRig();

        var output = rig.SendRaw("00-00-FF-FF-FF-00-02-FE-D4-02-2A-00");

        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00", output);
    }

    [Fact]
    public void AnswersLongEchoWithExtendedFrame()
    {
        using var rig = new ChipRig();
        var data = Enumerable.Range(0, 262).Select(i => (byte)i).ToArray();
        var request = new byte[] { 0xD4, 0x00, 0x00 }.Concat(data).ToArray();

        var output = Hex.Bytes(rig.Command(Convert.ToHexString(request)));

        // ACK, then 00 00 FF FF FF LENM LENL LCS with LEN = 265 = 0x0109.
        Assert.Equal(Hex.Bytes("00-00-FF-00-FF-00-00-00-FF-FF-FF-01-09-F6-D5-01-00"), output[..17]);
        Assert.Equal(data, output[17..^2]);
        Assert.Equal(0x00, output[^1]);
        Assert.Equal(0, (byte)(output[14..^1].Sum(b => b) % 256));
    }
}
