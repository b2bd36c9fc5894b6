namespace StudentCard.FirmwareSim;

/// <summary>The board's LEDs and buzzer after a GPIO write changed at least one of them.</summary>
public sealed record FeedbackEvent(DateTimeOffset At, bool Green, bool Red, bool Buzzer);
