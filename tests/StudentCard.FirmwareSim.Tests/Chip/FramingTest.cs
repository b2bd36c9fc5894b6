using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Chip;

public sealed class FramingTest
{
    private const string FirmwareRequest = "00-00-FF-02-FE-D4-02-2A-00";
    private const string FirmwareAnswer = "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00";
    private const string FirmwareResponse = "00-00-FF-06-FA-D5-03-32-01-06-07-E8-00";

    [Theory]
    [InlineData("00-00-FF-02-FD-D4-02-2A-00")] // LEN + LCS != 0
    [InlineData("00-00-FF-02-FE-D4-02-2B-00")] // TFI + PD + DCS != 0
    [InlineData("00-00-FF-FF-FF-00-02-FD-D4-02-2A-00")] // extended LCS wrong
    [InlineData("00-00-FF-00-00-00")] // LEN 0 is no frame
    public void IgnoresCorruptedFrameWithoutAck(string corrupted)
    {
        using var rig = new ChipRig();

        Assert.Equal(string.Empty, rig.SendRaw(corrupted));
        Assert.Equal(FirmwareAnswer, rig.SendRaw(FirmwareRequest));
    }

    [Fact]
    public void AnswersGoodFrameRightAfterCorruptedOne()
    {
        using var rig = new ChipRig();

        Assert.Equal(FirmwareAnswer, rig.SendRaw("00-00-FF-02-FE-D4-02-2B-00-" + FirmwareRequest));
    }

    [Fact]
    public void AnswersGoodFrameSentInTheSameBurstAsTruncatedOne()
    {
        using var rig = new ChipRig();

        Assert.Equal(FirmwareAnswer, rig.SendRaw("00-00-FF-02-FE-D4-" + FirmwareRequest));
    }

    [Fact]
    public void DropsTruncatedFrameWhenTheLineGoesQuiet()
    {
        using var rig = new ChipRig();

        // LEN 0x10 promises more bytes than ever come.
        Assert.Equal(string.Empty, rig.SendRaw("00-00-FF-10-F0-D4-40-01"));
        rig.Time.Advance(TimeSpan.FromMilliseconds(150));

        Assert.Equal(FirmwareAnswer, rig.SendRaw(FirmwareRequest));
    }

    [Fact]
    public void KeepsWaitingForFrameWhileBytesKeepComing()
    {
        using var rig = new ChipRig();

        // The frame is complete at its DCS: the postamble is not waited for.
        foreach (var b in FirmwareRequest.Split('-')[..^2])
        {
            Assert.Equal(string.Empty, rig.SendRaw(b));
            rig.Time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(FirmwareAnswer, rig.SendRaw("2A"));
    }

    [Fact]
    public void SkipsGarbageBetweenFrames()
    {
        using var rig = new ChipRig();

        var output = rig.SendRaw(FirmwareRequest + "-13-37-FF-00-42-55-" + FirmwareRequest);

        Assert.Equal(FirmwareAnswer + "-" + FirmwareAnswer, output);
    }

    [Fact]
    public void AcceptsWakeUpPreambleBeforeStartCode()
    {
        using var rig = new ChipRig();

        Assert.Equal(FirmwareAnswer, rig.SendRaw("55-55-00-00-00-00-00-00-" + FirmwareRequest));
    }

    [Fact]
    public void ResendsLastResponseOnNack()
    {
        using var rig = new ChipRig();
        rig.SendRaw(FirmwareRequest);

        Assert.Equal(FirmwareResponse, rig.SendRaw("00-00-FF-FF-00-00"));
        Assert.Equal(FirmwareResponse, rig.SendRaw("00-00-FF-FF-00-00"));
    }

    [Fact]
    public void ResendsErrorFrameOnNackAfterUnknownCommand()
    {
        using var rig = new ChipRig();
        rig.Command("D4 8C");

        Assert.Equal(ChipRig.SyntaxError, rig.SendRaw("00-00-FF-FF-00-00"));
    }

    [Fact]
    public void IgnoresNackBeforeAnyResponse()
    {
        using var rig = new ChipRig();

        Assert.Equal(string.Empty, rig.SendRaw("00-00-FF-FF-00-00"));
    }

    [Fact]
    public void IgnoresAckAfterResponse()
    {
        using var rig = new ChipRig();
        rig.SendRaw(FirmwareRequest);

        Assert.Equal(string.Empty, rig.SendRaw(ChipRig.Ack));
        Assert.Equal(FirmwareAnswer, rig.SendRaw(FirmwareRequest));
    }
}
