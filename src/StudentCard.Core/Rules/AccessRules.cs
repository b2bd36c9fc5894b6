using StudentCard.Core.Passages;

namespace StudentCard.Core.Rules;

/// <summary>
/// The access rules as pure functions of (entry, reader, time, recent passages), the same on the agent and in Central.
/// Order matters and is the policy: an evacuation releases everyone; a lockdown denies everyone but its override list;
/// then the card (known, not lost, valid now), then the place (site or zone, route), then the time (closures, schedule),
/// then anti-passback.
/// </summary>
public static class AccessRules
{
    public static AccessDecision Decide(string pseudonym, AllowListEntry? entry, TapContext context)
    {
        var reader = context.Reader;
        if (reader.Purpose == ReaderType.Gate && context.SiteMode is { } mode && mode.Site == reader.Site)
        {
            if (mode.Mode == SafetyMode.Evacuation)
            {
                return AccessDecision.Allow(ReasonCode.Evacuation);
            }
            if (mode.Mode == SafetyMode.Lockdown)
            {
                return mode.Override.Contains(pseudonym) ? AccessDecision.Allowed : AccessDecision.Denied(ReasonCode.Lockdown);
            }
        }
        var card = DecideCard(entry, context.Now);
        if (card is { } denied)
        {
            return entry is null && context.ListStale ? AccessDecision.Denied(ReasonCode.StaleAllowList) : denied;
        }
        var known = entry!;
        var schedules = SchedulesHere(known, reader);
        if (schedules.Count == 0)
        {
            return AccessDecision.Denied(reader.Purpose == ReaderType.Bus ? ReasonCode.NotEligibleForRoute : ReasonCode.NotEligibleHere);
        }
        if (reader.Purpose == ReaderType.Gate && !schedules.Contains(null))
        {
            var site = context.Policy.FindSite(reader.Site);
            if (site is null || schedules.All(name => context.Policy.FindSchedule(name!) is null))
            {
                // A schedule this reader cannot evaluate is a closed door, not an open one.
                return AccessDecision.Denied(ReasonCode.OutsideSchedule);
            }
            var local = site.LocalTime(context.Now);
            if (site.IsClosedOn(DateOnly.FromDateTime(local)))
            {
                return AccessDecision.Denied(ReasonCode.Closed);
            }
            if (!schedules.Any(name => context.Policy.FindSchedule(name!)?.IsOpen(local) == true))
            {
                return AccessDecision.Denied(ReasonCode.OutsideSchedule);
            }
        }
        return AntiPassback(context) ?? AccessDecision.Allowed;
    }

    /// <summary>
    /// The instant before which a passage no longer counts for anti-passback in this zone: the later of
    /// (now − reset time) and the site's last daily reset.
    /// </summary>
    public static DateTimeOffset AntiPassbackSince(ZonePolicy zone, Site site, DateTimeOffset now)
    {
        var byAge = now - zone.ResetAfter;
        var daily = site.LastLocal(zone.DailyReset, now);
        return byAge > daily ? byAge : daily;
    }

    private static AccessDecision? DecideCard(AllowListEntry? entry, DateTimeOffset now)
    {
        if (entry is null)
        {
            return AccessDecision.Denied(ReasonCode.UnknownCard);
        }
        if (entry.Status == CardStatus.Lost)
        {
            return AccessDecision.Denied(ReasonCode.LostCard);
        }
        if (now < entry.ValidFrom)
        {
            return AccessDecision.Denied(ReasonCode.NotYetValid);
        }
        if (now >= entry.ValidUntil)
        {
            return AccessDecision.Denied(ReasonCode.Expired);
        }
        return null;
    }

    /// <summary>
    /// The schedules under which the entry holds at this reader (null: at any time); none when it does not hold here.
    /// A place token is a place ("north", "north/main", a route, "*" for everywhere), optionally qualified with its own
    /// schedule as "place@schedule", which then replaces the entry's schedule for that place. An agent that predates
    /// the qualified form compares the whole token with its place, finds none equal and refuses: it fails closed.
    /// </summary>
    private static List<string?> SchedulesHere(AllowListEntry entry, ReaderPlace reader)
    {
        var schedule = reader.Purpose == ReaderType.Gate ? entry.Schedule : null;
        if (entry.Places is null || reader.Purpose == ReaderType.Library)
        {
            return [schedule];
        }
        var here = reader.Purpose == ReaderType.Bus ? reader.Route : reader.Site;
        var schedules = new List<string?>();
        if (here is null)
        {
            return schedules;
        }
        foreach (var token in entry.Places.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = token.IndexOf('@');
            var place = at < 0 ? token : token[..at];
            if (place == "*" || place == here || (reader.Purpose == ReaderType.Gate && place == reader.Name))
            {
                schedules.Add(at < 0 ? schedule : reader.Purpose == ReaderType.Gate ? token[(at + 1)..] : null);
            }
        }
        return schedules;
    }

    private static AccessDecision? AntiPassback(TapContext context)
    {
        var reader = context.Reader;
        if (reader.Purpose != ReaderType.Gate || reader.Direction == Direction.None || context.LastInZone is not { } last)
        {
            return null;
        }
        var zone = context.Policy.FindZone(reader.Site, reader.Zone);
        var site = context.Policy.FindSite(reader.Site);
        if (zone is null || site is null || zone.AntiPassback == AntiPassbackMode.Off)
        {
            return null;
        }
        if (last.Direction != reader.Direction || last.At < AntiPassbackSince(zone, site, context.Now))
        {
            return null;
        }
        return zone.AntiPassback == AntiPassbackMode.Hard
            ? AccessDecision.Denied(ReasonCode.AntiPassback)
            : AccessDecision.Allow(ReasonCode.AntiPassback);
    }
}
