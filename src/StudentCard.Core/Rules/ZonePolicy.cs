namespace StudentCard.Core.Rules;

/// <summary>
/// Anti-passback for one zone of a site. A passage stops counting after <see cref="ResetAfter"/> or at the site's next
/// <see cref="DailyReset"/>, whichever comes first: a pupil who forgot to tap out is never locked out the next morning.
/// </summary>
public sealed record ZonePolicy(string Site, string Zone, AntiPassbackMode AntiPassback, TimeSpan ResetAfter, TimeOnly DailyReset);
