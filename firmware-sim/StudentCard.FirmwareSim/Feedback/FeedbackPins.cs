namespace StudentCard.FirmwareSim.Feedback;

/// <summary>How the board wires its feedback to PN532 port P3: P30 green LED, P31 red LED, P34 buzzer, 1 = on.</summary>
internal readonly record struct FeedbackPins(bool Green, bool Red, bool Buzzer)
{
    public const byte GreenBit = 0x01;
    public const byte RedBit = 0x02;
    public const byte BuzzerBit = 0x10;

    public static FeedbackPins FromPort3(byte p3) =>
        new((p3 & GreenBit) != 0, (p3 & RedBit) != 0, (p3 & BuzzerBit) != 0);

    public FeedbackEvent At(DateTimeOffset at) => new(at, Green, Red, Buzzer);
}
