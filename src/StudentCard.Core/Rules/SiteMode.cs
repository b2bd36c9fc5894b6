namespace StudentCard.Core.Rules;

/// <summary>
/// The safety state of one site as last commanded: in a lockdown only the override list's gate pseudonyms pass;
/// in an evacuation every gate is released. <see cref="Sequence"/> orders commands, so an older one never wins.
/// </summary>
public sealed record SiteMode(string Site, SafetyMode Mode, IReadOnlySet<string> Override, long Sequence, DateTimeOffset Since)
{
    public static SiteMode Normal(string site) => new(site, SafetyMode.Normal, new HashSet<string>(), 0, DateTimeOffset.MinValue);
}
