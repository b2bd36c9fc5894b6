using StudentCard.Core.Rules;

namespace StudentCard.Edge.Reader;

/// <summary>A card reader as the agent sees it: a stream of taps and a way to show the decision.</summary>
public interface ICardReader
{
    /// <summary>Runs the polling loop; reader trouble is handled inside and never ends the sequence.</summary>
    IAsyncEnumerable<CardTap> TapsAsync(CancellationToken ct);

    /// <summary>Shows the decision on the reader's LEDs and buzzer.</summary>
    Task SignalAsync(Decision decision, ReasonCode reason, CancellationToken ct);

    /// <summary>Plays a pattern of its own on the reader's LEDs and buzzer (e.g. an enrollment desk's answers), the first step at zero.</summary>
    Task ShowAsync(IReadOnlyList<FeedbackStep> steps, CancellationToken ct);

    bool IsConnected { get; }
}
