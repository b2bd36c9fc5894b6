namespace StudentCard.FirmwareSim.Feedback;

/// <summary>Prints what a person at the board would see and hear; never a card's UID.</summary>
internal sealed class BoardConsole(string name, TextWriter? console)
{
    private readonly TextWriter? _console = console is null ? null : TextWriter.Synchronized(console);
    private readonly Lock _gate = new();
    private FeedbackPins _shown;

    public void Show(FeedbackEvent feedback)
    {
        var now = new FeedbackPins(feedback.Green, feedback.Red, feedback.Buzzer);
        lock (_gate)
        {
            if (now.Green != _shown.Green)
            {
                Line($"LED green {(now.Green ? "ON" : "OFF")}");
            }

            if (now.Red != _shown.Red)
            {
                Line($"LED red {(now.Red ? "ON" : "OFF")}");
            }

            if (now.Buzzer != _shown.Buzzer)
            {
                Line(now.Buzzer ? "BEEP" : "buzzer off");
            }

            _shown = now;
        }
    }

    public void Show(CardFieldChange change) =>
        Line(change.Present ? $"card arrives: {change.Card}" : $"card leaves: {change.Card}");

    public void Line(string text) => _console?.WriteLine($"[{name}] {text}");
}
