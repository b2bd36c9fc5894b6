namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>A DESFire status byte and the data that goes with it.</summary>
internal readonly record struct DesfireAnswer(byte Status, byte[] Data)
{
    public static DesfireAnswer Ok(byte[] data) => new(DesfireStatus.Ok, data);

    public static DesfireAnswer Fail(byte status) => new(status, []);
}
