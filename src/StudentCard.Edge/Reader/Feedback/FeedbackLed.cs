namespace StudentCard.Edge.Reader;

/// <summary>Which of the reader's two LEDs a feedback pattern lights; amber is both at once (one colour on a bi-colour LED).</summary>
public enum FeedbackLed
{
    Green,
    Red,
    Amber,
}
