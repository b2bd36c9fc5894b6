namespace StudentCard.Edge.Reader;

/// <summary>
/// Builds a feedback pattern from a beep rhythm ('S' short, 'L' long) with one LED lit throughout or flashing with the beeps.
/// </summary>
/// <remarks>
/// Every step changes at least one output, so the board sees exactly one GPIO change per step. A pattern lasts at least
/// <see cref="Shortest"/> so a glance catches it, and ends well before a second pupil reaches the reader.
/// </remarks>
public static class FeedbackRhythm
{
    public static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Long = TimeSpan.FromMilliseconds(350);
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(600);

    /// <summary>The offline tail's red blink after an allowance, while the link to Central is down.</summary>
    public static readonly TimeSpan OfflineBlink = TimeSpan.FromMilliseconds(150);

    /// <summary>No pattern may keep the reader busier than this.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(1200);

    public static IReadOnlyList<FeedbackStep> Steady(FeedbackLed led, string beeps) => Build(led, flashing: false, beeps);

    public static IReadOnlyList<FeedbackStep> Flashing(FeedbackLed led, string beeps) => Build(led, flashing: true, beeps);

    /// <summary>
    /// The pattern with a red blink in place of its final dark step: an allowance given while the agent is offline looks like
    /// any other allowance, then says "offline" before the reader goes dark.
    /// </summary>
    public static IReadOnlyList<FeedbackStep> WithOfflineTail(IReadOnlyList<FeedbackStep> steps)
    {
        var end = steps[^1].At;
        return [.. steps.Take(steps.Count - 1), new(end, Green: false, Red: true, Buzzer: false), new(end + OfflineBlink, false, false, false)];
    }

    private static IReadOnlyList<FeedbackStep> Build(FeedbackLed led, bool flashing, string beeps)
    {
        if (beeps.Length == 0 || beeps.Any(b => b is not ('S' or 'L')))
        {
            throw new ArgumentException("A rhythm is one or more of 'S' (short beep) and 'L' (long beep).", nameof(beeps));
        }
        var green = led is FeedbackLed.Green or FeedbackLed.Amber;
        var red = led is FeedbackLed.Red or FeedbackLed.Amber;
        var steps = new List<FeedbackStep>();
        var at = TimeSpan.Zero;
        for (var i = 0; i < beeps.Length; i++)
        {
            steps.Add(new(at, green, red, Buzzer: true));
            at += beeps[i] == 'L' ? Long : Short;
            var last = i == beeps.Length - 1;
            // Between beeps a flashing LED goes dark with the buzzer; after the last beep the LED holds either way.
            var lit = last || !flashing;
            steps.Add(new(at, green && lit, red && lit, Buzzer: false));
            if (!last)
            {
                at += Gap;
            }
        }
        var end = at + Hold < Shortest ? Shortest : at + Hold;
        steps.Add(new(end, false, false, false));
        return steps;
    }
}
