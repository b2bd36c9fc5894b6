using StudentCard.Core.Rules;

namespace StudentCard.Central.AllowList;

/// <summary>One purpose's whole allow-list as of one version.</summary>
public sealed record AllowListSnapshot(ReaderType Purpose, long Version, IReadOnlyList<AllowListEntry> Entries);
