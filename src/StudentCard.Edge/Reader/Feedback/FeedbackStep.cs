namespace StudentCard.Edge.Reader;

/// <summary>The outputs' state from <paramref name="At"/> after the start of a feedback pattern.</summary>
public sealed record FeedbackStep(TimeSpan At, bool Green, bool Red, bool Buzzer);
