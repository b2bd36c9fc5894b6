using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.AllowList;

/// <summary>
/// The "AllowListJournal" section: how far back the journal of entitlement changes reaches. An agent holding a version
/// within reach gets only the changes since; an older one the whole list. The tighter of the two bounds wins.
/// </summary>
public sealed class AllowListJournalOptions
{
    public const string Section = "AllowListJournal";

    /// <summary>Changes older than this many days are forgotten.</summary>
    [Range(1, 365)]
    public int KeepDays { get; set; } = 7;

    /// <summary>Changes more than this many versions behind a purpose's current version are forgotten.</summary>
    [Range(1, 1_000_000)]
    public int KeepVersions { get; set; } = 10_000;

    /// <summary>How often the journal is pruned (and each purpose's current version noted with the time).</summary>
    [Range(1, 24 * 60)]
    public int PruneEveryMinutes { get; set; } = 60;
}
