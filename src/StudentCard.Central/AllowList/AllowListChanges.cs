using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>
/// What changed in one purpose's allow-list from <paramref name="BaseVersion"/> to <paramref name="Version"/>: the current
/// entry of every changed card still listed, the pseudonyms no longer listed, and how long the whole list now is.
/// </summary>
public sealed record AllowListChanges(
    ReaderType Purpose,
    long BaseVersion,
    long Version,
    IReadOnlyList<AllowListEntry> Upserts,
    IReadOnlyList<string> Removed,
    long ListSize);
