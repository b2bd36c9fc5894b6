using StudentCard.Core.Rules;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// Puts together the pages of one <c>GetAllowList</c> answer: the whole list, or the changes since the version held,
/// applied to a copy of it. Anything that does not fit (pages out of order or of mixed versions, changes that do not start
/// at the version held, a count that disagrees with Central's) is an <see cref="InvalidDataException"/>, and nothing is built.
/// </summary>
internal sealed class AllowListDownload(AllowListSnapshot? held)
{
    private readonly List<AllowListEntry> _entries = [];
    private readonly List<string> _removed = [];
    private long? _version;
    private bool? _delta;
    private int _pages;
    private int _pageCount;
    private long _total;
    private long _listSize;

    public long Version => _version ?? throw new InvalidOperationException("No page has arrived.");

    /// <summary>Whether Central answered with the changes since the version held rather than the whole list.</summary>
    public bool IsDelta => _delta == true;

    /// <summary>Entries received (the whole list's, or the changed cards' current ones).</summary>
    public int EntryCount => _entries.Count;

    public int RemovedCount => _removed.Count;

    public string PolicyJson { get; private set; } = "";

    public void Add(Protos.V1.AllowListPage page)
    {
        _version ??= page.Version;
        _delta ??= page.Delta;
        if (page.Version != _version || page.PageIndex != _pages || (_pageCount != 0 && page.PageCount != _pageCount) || page.Delta != _delta)
        {
            throw new InvalidDataException($"Allow-list pages out of order or of mixed versions (page {page.PageIndex} of version {page.Version}).");
        }
        if (page.Delta && (held is null || page.BaseVersion != held.Version || page.Version < held.Version))
        {
            throw new InvalidDataException($"Allow-list changes from version {page.BaseVersion} to {page.Version} do not start at the version held.");
        }
        if (!page.Delta && page.Removed.Count > 0)
        {
            throw new InvalidDataException("A whole allow-list names removals.");
        }
        _pageCount = page.PageCount;
        if (page.PageIndex == 0)
        {
            PolicyJson = page.PolicyJson;
        }
        _total = page.TotalEntries;
        _listSize = page.ListSize;
        if (!page.Delta && _entries.Capacity < _total)
        {
            _entries.Capacity = (int)Math.Min(_total, int.MaxValue);
        }
        foreach (var entry in page.Entries)
        {
            _entries.Add(ProtoEntry.ToCore(entry));
        }
        foreach (var pseudonym in page.Removed)
        {
            _removed.Add(ProtoEntry.WellFormed(pseudonym));
        }
        _pages++;
    }

    /// <summary>Checks that every page arrived.</summary>
    public void CheckComplete()
    {
        if (_version is null || _pages != _pageCount || _entries.Count + _removed.Count != _total)
        {
            throw new InvalidDataException($"The allow-list snapshot is incomplete ({_pages} of {_pageCount} pages, {_entries.Count + _removed.Count} of {_total} entries).");
        }
    }

    /// <summary>The snapshot to put in force; a policy that cannot be read throws here, before anything is replaced.</summary>
    public AllowListSnapshot Build(DateTimeOffset fetchedAt)
    {
        CheckComplete();
        if (!IsDelta)
        {
            return AllowListSnapshot.Create(Version, _entries, fetchedAt, _entries.Count, PolicyJson);
        }
        var changed = held!.WithChanges(Version, _entries, _removed, fetchedAt, PolicyJson);
        return changed.Count == _listSize
            ? changed
            : throw new InvalidDataException($"The allow-list changes give {changed.Count} entries where Central lists {_listSize}.");
    }
}
