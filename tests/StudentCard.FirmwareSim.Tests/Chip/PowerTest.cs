using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Chip;

public sealed class PowerTest
{
    private const string FirmwareRequest = "00-00-FF-02-FE-D4-02-2A-00";
    private const string FirmwareAnswer = "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00";
    private const string WakeUp = "55-55-00-00-00-00-00-00-00-00-00-00-00-00-00-00-";

    [Fact]
    public void SleepsAfterPowerUpUntilWakeUpPreamble()
    {
        using var rig = new ChipRig(awake: false);

        Assert.True(rig.Chip.IsAsleep);
        Assert.Equal(string.Empty, rig.SendRaw(FirmwareRequest));
        Assert.Equal(FirmwareAnswer, rig.SendRaw(WakeUp + FirmwareRequest));
        Assert.False(rig.Chip.IsAsleep);
    }

    [Fact]
    public void SleepsAfterPowerDownAndWakesOnHsu()
    {
        using var rig = new ChipRig();

        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-03-FD-D5-17-00-14-00", rig.Command("D4 16 F0"));
        Assert.True(rig.Chip.IsAsleep);
        Assert.Equal(string.Empty, rig.SendRaw(FirmwareRequest));
        Assert.Equal(FirmwareAnswer, rig.SendRaw(WakeUp + FirmwareRequest));
    }

    [Fact]
    public void IgnoresFrameInTheSameBurstAsPowerDown()
    {
        using var rig = new ChipRig();

        var output = rig.SendRaw("00-00-FF-03-FD-D4-16-F0-26-00-" + FirmwareRequest);

        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-03-FD-D5-17-00-14-00", output);
    }

    [Fact]
    public void StaysAsleepOnHsuWhenOnlyRfMayWakeIt()
    {
        using var rig = new ChipRig();
        rig.Command("D4 16 08");

        Assert.Equal(string.Empty, rig.SendRaw(WakeUp + FirmwareRequest));

        rig.Field.Present(SimulatedCard.FromHex("04A1B2C3"));

        Assert.False(rig.Chip.IsAsleep);
        Assert.Equal(FirmwareAnswer, rig.SendRaw(FirmwareRequest));
    }
}
