using StudentCard.Core.Rules;

namespace StudentCard.Edge.Display;

/// <summary>
/// Everything the driver display shows at one moment. It holds no card or person identifier at all, so no rendering of it
/// can show one.
/// </summary>
/// <param name="Verdict">The last decision while it is still shown; null when the display is waiting for a card.</param>
/// <param name="LastTap">Local time of the last tap.</param>
public sealed record DriverScreen(
    AccessDecision? Verdict,
    DateTimeOffset? LastTap,
    int Riders,
    string? Route,
    bool Online,
    int Backlog);
