namespace StudentCard.Core.Rules;

/// <summary>
/// Everything besides the card's own entry that a decision depends on: the reader's place, the time, the purpose's
/// policy, the card's last passage in this zone, the site's safety mode and whether the reader's list is too old.
/// </summary>
public sealed record TapContext(
    ReaderPlace Reader,
    DateTimeOffset Now,
    AccessPolicy Policy,
    RecentPassage? LastInZone = null,
    SiteMode? SiteMode = null,
    bool ListStale = false);
