namespace StudentCard.Edge.Reader;

/// <summary>Which of the reader's two LEDs a feedback pattern lights.</summary>
public enum FeedbackLed
{
    Green,
    Red,
}
