namespace StudentCard.Core.Keys;

/// <summary>
/// K_site and the versioned purpose keys a process holds. Central holds all; an agent holds
/// K_site and its own purpose's keys only (<see cref="ForReader"/>).
/// </summary>
public sealed class KeyRing
{
    private readonly Dictionary<ReaderType, SortedList<int, SecretKey>> _purposeKeys;

    public KeyRing(SecretKey site, IEnumerable<(ReaderType Purpose, SecretKey Key)> purposeKeys)
    {
        Site = site;
        _purposeKeys = [];
        foreach (var (purpose, key) in purposeKeys)
        {
            if (!_purposeKeys.TryGetValue(purpose, out var versions))
            {
                versions = [];
                _purposeKeys[purpose] = versions;
            }
            if (!versions.TryAdd(key.Version, key))
            {
                throw new KeyFileException($"The {purpose.Name()} key version {key.Version} appears twice.");
            }
        }
    }

    public SecretKey Site { get; }

    public IEnumerable<ReaderType> Purposes => _purposeKeys.Keys;

    public static KeyRing Generate() =>
        new(SecretKey.Generate(1), ReaderTypes.All.Select(p => (p, SecretKey.Generate(1))));

    public bool Holds(ReaderType purpose) => _purposeKeys.ContainsKey(purpose);

    /// <summary>The newest key of a purpose: the one new pseudonyms are made with.</summary>
    public SecretKey Current(ReaderType purpose) => Versions(purpose)[^1];

    public SecretKey Version(ReaderType purpose, int version) =>
        Versions(purpose).FirstOrDefault(k => k.Version == version)
        ?? throw new KeyFileException($"No {purpose.Name()} key of version {version} is held.");

    public IReadOnlyList<SecretKey> Versions(ReaderType purpose) =>
        _purposeKeys.TryGetValue(purpose, out var versions)
            ? versions.Values.ToArray()
            : throw new KeyFileException($"No {purpose.Name()} key is held by this process.");

    /// <summary>The subset an agent of the given reader type receives.</summary>
    public KeyRing ForReader(ReaderType type) =>
        new(Site, Versions(type).Select(k => (type, k)));

    /// <summary>A copy with a new, newer version of one purpose's key.</summary>
    public KeyRing WithNewVersion(ReaderType purpose)
    {
        var next = SecretKey.Generate(Current(purpose).Version + 1);
        var all = _purposeKeys.SelectMany(p => p.Value.Values.Select(k => (p.Key, k))).Append((purpose, next));
        return new KeyRing(Site, all);
    }

    /// <summary>A copy without the given and older versions of one purpose's key (after a rotation completed).</summary>
    public KeyRing WithoutVersionsBelow(ReaderType purpose, int version)
    {
        var all = _purposeKeys.SelectMany(p => p.Value.Values.Where(k => p.Key != purpose || k.Version >= version).Select(k => (p.Key, k)));
        return new KeyRing(Site, all);
    }

    internal IEnumerable<(ReaderType Purpose, SecretKey Key)> AllPurposeKeys() =>
        _purposeKeys.SelectMany(p => p.Value.Values.Select(k => (p.Key, k)));

    public override string ToString() => $"KeyRing(site v{Site.Version}, purposes {string.Join(",", Purposes.Select(p => p.Name()))})";
}
