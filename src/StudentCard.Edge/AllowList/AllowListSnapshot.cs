using StudentCard.Core.Rules;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// One complete, immutable version of the reader type's allow-list and the access policy sent with it. Decisions read
/// it without locks. Entries are held as 128-bit keys with their validity and an index into a small table of distinct
/// (status, places, schedule) profiles, so a million cards cost about as much memory as their keys.
/// </summary>
public sealed class AllowListSnapshot
{
    private readonly Dictionary<UInt128, Validity> _entries;
    private readonly IReadOnlyList<EntryProfile> _profiles;

    private AllowListSnapshot(long version, Dictionary<UInt128, Validity> entries, IReadOnlyList<EntryProfile> profiles, DateTimeOffset fetchedAt, string policyJson)
    {
        Version = version;
        _entries = entries;
        _profiles = profiles;
        FetchedAt = fetchedAt;
        PolicyJson = policyJson;
        Policy = policyJson.Length == 0 ? AccessPolicy.Empty : AccessPolicyJson.Parse(policyJson);
    }

    public static readonly AllowListSnapshot Empty = new(0, [], [EntryProfile.Plain], DateTimeOffset.MinValue, "");

    public long Version { get; }

    public DateTimeOffset FetchedAt { get; }

    public int Count => _entries.Count;

    /// <summary>The purpose's schedules, sites and zones; empty when Central sent none.</summary>
    public AccessPolicy Policy { get; }

    /// <summary>The policy exactly as received, kept so the disk copy and the fingerprint match Central's.</summary>
    public string PolicyJson { get; }

    /// <summary>Builds a snapshot; a policy that cannot be read is an <see cref="InvalidDataException"/>, so a bad one is never put in force.</summary>
    public static AllowListSnapshot Create(long version, IEnumerable<AllowListEntry> entries, DateTimeOffset fetchedAt, int capacity = 0, string policyJson = "")
    {
        var map = new Dictionary<UInt128, Validity>(capacity);
        var profiles = new List<EntryProfile> { EntryProfile.Plain };
        var index = new Dictionary<EntryProfile, int> { [EntryProfile.Plain] = 0 };
        foreach (var entry in entries)
        {
            Put(map, profiles, index, entry);
        }
        return new AllowListSnapshot(version, map, profiles, fetchedAt, policyJson);
    }

    /// <summary>
    /// A new snapshot: this one's entries with <paramref name="upserts"/> put in (added or replaced) and
    /// <paramref name="removed"/> taken out. This snapshot is not changed, so decisions keep reading it until the swap.
    /// A policy that cannot be read is an <see cref="InvalidDataException"/>, as in <see cref="Create"/>.
    /// </summary>
    public AllowListSnapshot WithChanges(long version, IReadOnlyCollection<AllowListEntry> upserts, IReadOnlyCollection<string> removed, DateTimeOffset fetchedAt, string policyJson)
    {
        var map = new Dictionary<UInt128, Validity>(_entries);
        var profiles = _profiles.ToList();
        var index = new Dictionary<EntryProfile, int>();
        for (var i = 0; i < profiles.Count; i++)
        {
            index.TryAdd(profiles[i], i);
        }
        foreach (var pseudonym in removed)
        {
            map.Remove(PseudonymKey.Parse(pseudonym));
        }
        foreach (var entry in upserts)
        {
            Put(map, profiles, index, entry);
        }
        return new AllowListSnapshot(version, map, profiles, fetchedAt, policyJson);
    }

    /// <summary>Puts one entry in the map, sharing its profile (status, places, schedule) with the entries that have the same.</summary>
    private static void Put(Dictionary<UInt128, Validity> map, List<EntryProfile> profiles, Dictionary<EntryProfile, int> index, AllowListEntry entry)
    {
        var profile = new EntryProfile(entry.Status, entry.Places, entry.Schedule);
        if (!index.TryGetValue(profile, out var number))
        {
            number = profiles.Count;
            profiles.Add(profile);
            index[profile] = number;
        }
        map[PseudonymKey.Parse(entry.Pseudonym)] = new Validity(entry.ValidFrom.UtcTicks, entry.ValidUntil.UtcTicks, number);
    }

    internal static AllowListSnapshot FromRaw(long version, Dictionary<UInt128, Validity> entries, IReadOnlyList<EntryProfile> profiles, DateTimeOffset fetchedAt, string policyJson) =>
        new(version, entries, profiles, fetchedAt, policyJson);

    public AllowListEntry? Find(string pseudonym)
    {
        if (!PseudonymKey.TryParse(pseudonym, out var key) || !_entries.TryGetValue(key, out var validity))
        {
            return null;
        }
        var profile = _profiles[validity.Profile];
        return new AllowListEntry(
            pseudonym,
            new DateTimeOffset(validity.FromTicks, TimeSpan.Zero),
            new DateTimeOffset(validity.UntilTicks, TimeSpan.Zero),
            profile.Status,
            profile.Places,
            profile.Schedule);
    }

    internal IEnumerable<KeyValuePair<UInt128, Validity>> Raw => _entries;

    internal IReadOnlyList<EntryProfile> Profiles => _profiles;

    internal readonly record struct Validity(long FromTicks, long UntilTicks, int Profile);

    /// <summary>What many entries share: card status, places, schedule.</summary>
    internal sealed record EntryProfile(CardStatus Status, string? Places, string? Schedule)
    {
        public static readonly EntryProfile Plain = new(CardStatus.Active, null, null);
    }
}
