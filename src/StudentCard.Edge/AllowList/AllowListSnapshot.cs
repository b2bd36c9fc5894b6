using StudentCard.Core.Rules;

namespace StudentCard.Edge.AllowList;

/// <summary>One complete, immutable version of the reader type's allow-list. Decisions read it without locks.</summary>
public sealed class AllowListSnapshot
{
    private readonly Dictionary<UInt128, Validity> _entries;

    private AllowListSnapshot(long version, Dictionary<UInt128, Validity> entries, DateTimeOffset fetchedAt)
    {
        Version = version;
        _entries = entries;
        FetchedAt = fetchedAt;
    }

    public static readonly AllowListSnapshot Empty = new(0, [], DateTimeOffset.MinValue);

    public long Version { get; }

    public DateTimeOffset FetchedAt { get; }

    public int Count => _entries.Count;

    public static AllowListSnapshot Create(long version, IEnumerable<AllowListEntry> entries, DateTimeOffset fetchedAt, int capacity = 0)
    {
        var map = new Dictionary<UInt128, Validity>(capacity);
        foreach (var entry in entries)
        {
            map[PseudonymKey.Parse(entry.Pseudonym)] = new Validity(entry.ValidFrom.UtcTicks, entry.ValidUntil.UtcTicks);
        }
        return new AllowListSnapshot(version, map, fetchedAt);
    }

    internal static AllowListSnapshot FromRaw(long version, Dictionary<UInt128, Validity> entries, DateTimeOffset fetchedAt) =>
        new(version, entries, fetchedAt);

    public AllowListEntry? Find(string pseudonym)
    {
        if (!PseudonymKey.TryParse(pseudonym, out var key) || !_entries.TryGetValue(key, out var validity))
        {
            return null;
        }
        return new AllowListEntry(pseudonym, new DateTimeOffset(validity.FromTicks, TimeSpan.Zero), new DateTimeOffset(validity.UntilTicks, TimeSpan.Zero));
    }

    internal IEnumerable<KeyValuePair<UInt128, Validity>> Raw => _entries;

    internal readonly record struct Validity(long FromTicks, long UntilTicks);
}
