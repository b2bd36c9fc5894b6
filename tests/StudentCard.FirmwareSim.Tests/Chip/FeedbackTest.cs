using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Chip;

public sealed class FeedbackTest
{
    [Fact]
    public void StartsWithLedsAndBuzzerOff()
    {
        using var rig = new ChipRig();

        Assert.Equal(Hex.Bytes("D5 0D 2C 06 00"), rig.Exchange("D4 0C"));
        Assert.Empty(rig.Feedback);
    }

    [Fact]
    public void RecordsGreenLedAndBeepWithTheTime()
    {
        using var rig = new ChipRig();

        rig.Exchange("D4 0E 91 00");

        var feedback = Assert.Single(rig.Feedback);
        Assert.Equal(new FeedbackEvent(rig.Time.GetUtcNow(), Green: true, Red: false, Buzzer: true), feedback);
        Assert.Equal(Hex.Bytes("D5 0D 11 06 00"), rig.Exchange("D4 0C"));
    }

    [Fact]
    public void RecordsRedLedThenAllOff()
    {
        using var rig = new ChipRig();

        rig.Exchange("D4 0E 82 00");
        rig.Time.Advance(TimeSpan.FromMilliseconds(300));
        rig.Exchange("D4 0E 80 00");

        Assert.Equal(
            [
                new FeedbackEvent(rig.Time.GetUtcNow() - TimeSpan.FromMilliseconds(300), false, true, false),
                new FeedbackEvent(rig.Time.GetUtcNow(), false, false, false),
            ],
            rig.Feedback);
    }

    [Fact]
    public void IgnoresPortWithoutValidationBit()
    {
        using var rig = new ChipRig();

        rig.Exchange("D4 0E 13 84");

        Assert.Empty(rig.Feedback);
        Assert.Equal(Hex.Bytes("D5 0D 2C 04 00"), rig.Exchange("D4 0C"));
    }

    [Fact]
    public void RecordsNothingWhenFeedbackPinsKeepTheirLevel()
    {
        using var rig = new ChipRig();
        rig.Exchange("D4 0E 81 00");

        rig.Exchange("D4 0E A5 00"); // P32 and P35 change, the feedback pins do not

        Assert.Single(rig.Feedback);
    }

    [Fact]
    public void WriteRegisterToPort3DrivesFeedbackToo()
    {
        using var rig = new ChipRig();

        rig.Exchange("D4 08 FF B0 ED");

        Assert.Equal(new FeedbackEvent(rig.Time.GetUtcNow(), true, false, false), Assert.Single(rig.Feedback));
    }
}
