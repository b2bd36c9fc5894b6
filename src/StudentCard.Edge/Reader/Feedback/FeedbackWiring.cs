namespace StudentCard.Edge.Reader;

/// <summary>How the reader board wires its feedback to the PN532's P3 port (same as the simulator's board).</summary>
public static class FeedbackWiring
{
    public const byte GreenLed = 1 << 0; // P30
    public const byte RedLed = 1 << 1;   // P31
    public const byte Buzzer = 1 << 4;   // P34

    /// <summary>WriteGPIO's validation bit: without it the PN532 leaves the port unchanged.</summary>
    public const byte Validate = 0x80;

    /// <summary>P32 (INT0), P33 and P35 are not ours: they stay at their power-up level, high.</summary>
    public const byte UntouchedPins = (1 << 2) | (1 << 3) | (1 << 5);

    /// <summary>The P3 byte for WriteGPIO that sets all three outputs (1 = on).</summary>
    public static byte P3(bool green, bool red, bool buzzer) => (byte)(Validate
        | UntouchedPins
        | (green ? GreenLed : 0)
        | (red ? RedLed : 0)
        | (buzzer ? Buzzer : 0));

    /// <summary>The P7 byte that leaves P7 untouched (no validation bit).</summary>
    public const byte P7Unchanged = 0x00;
}
