namespace StudentCard.Core.Rules;

/// <summary>
/// Whether one card was used at two places further apart than anyone could travel in the time between: the mark of
/// a cloned card. Distances under a tolerance (neighbouring buildings, GPS error) are never flagged.
/// </summary>
public static class ImpossibleJourney
{
    public const double DefaultMaxSpeedKmh = 130;
    public const double ToleranceKm = 1.0;

    /// <summary>The distance and the speed it would take, when that speed is beyond <paramref name="maxSpeedKmh"/>; otherwise null.</summary>
    public static (double DistanceKm, double SpeedKmh)? Check(Sighting earlier, Sighting later, double maxSpeedKmh = DefaultMaxSpeedKmh)
    {
        var distance = earlier.Position.DistanceKm(later.Position);
        if (distance <= ToleranceKm)
        {
            return null;
        }
        var hours = Math.Abs((later.At - earlier.At).TotalHours);
        var speed = hours <= 0 ? double.PositiveInfinity : distance / hours;
        return speed > maxSpeedKmh ? (distance, speed) : null;
    }
}
