using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Edge.Keys;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Taps;

/// <summary>
/// The agent's keys: K_site and its own purpose's versions. A key file holding another purpose's
/// key is refused: an agent must not be able to make pseudonyms of a purpose it does not serve.
/// The file is re-read when it changes, which is how a key rotation's new version arrives (the
/// operator re-exports the file; no key material ever crosses the network); a bad new file is
/// refused and the keys in force stay.
/// </summary>
public sealed class AgentKeys : IDisposable
{
    private readonly ILogger<AgentKeys> _logger;
    private readonly FileSystemWatcher? _watcher;
    private KeyRing _ring;

    public AgentKeys(IOptions<EdgeOptions> options)
        : this(options, NullLogger<AgentKeys>.Instance)
    {
    }

    [ActivatorUtilitiesConstructor]
    public AgentKeys(IOptions<EdgeOptions> options, ILogger<AgentKeys> logger)
    {
        _logger = logger;
        Purpose = options.Value.Type;
        FilePath = Path.GetFullPath(options.Value.KeyFile);
        _ring = Load(FilePath, Purpose);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(FilePath)!, Path.GetFileName(FilePath))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        // Central writes a key file by renaming a finished temporary file over the old one, so a change is never seen half-written.
        _watcher.Changed += (_, _) => TryReload();
        _watcher.Created += (_, _) => TryReload();
        _watcher.Renamed += (_, _) => TryReload();
        _watcher.EnableRaisingEvents = true;
    }

    public ReaderType Purpose { get; }

    public string FilePath { get; }

    /// <summary>Pseudonyms of the card under every key version held, newest first.</summary>
    public IReadOnlyList<PurposePseudonym> Pseudonyms(CardUid uid)
    {
        var ring = Volatile.Read(ref _ring);
        var token = PseudonymDeriver.CardToken(uid, ring.Site);
        var versions = ring.Versions(Purpose);
        var result = new PurposePseudonym[versions.Count];
        for (var i = 0; i < versions.Count; i++)
        {
            result[i] = PseudonymDeriver.Pseudonym(token, Purpose, versions[versions.Count - 1 - i]);
        }
        return result;
    }

    /// <summary>Re-reads the key file (after a rotation delivered a new version).</summary>
    public void Reload()
    {
        var ring = Load(FilePath, Purpose);
        Volatile.Write(ref _ring, ring);
        _logger.LogInformation("Reloaded the {Purpose} keys: versions {Versions}", Purpose.Name(), string.Join(",", ring.Versions(Purpose).Select(k => k.Version)));
    }

    private void TryReload()
    {
        try
        {
            Reload();
        }
        catch (Exception e) when (e is KeyFileException or IOException or UnauthorizedAccessException)
        {
            // KeyFileException messages name the file and the problem, never key material.
            _logger.LogWarning("Kept the keys in force: the changed key file was refused: {Problem}", e.Message);
        }
    }

    public void Dispose() => _watcher?.Dispose();

    public static KeyRing Load(string path, ReaderType purpose)
    {
        var ring = KeyFile.Read(path);
        if (!ring.Holds(purpose))
        {
            throw new KeyFileException($"The key file '{path}' holds no {purpose.Name()} key.");
        }
        var foreign = ring.Purposes.Where(p => p != purpose).Select(p => p.Name()).ToArray();
        if (foreign.Length > 0)
        {
            throw new KeyFileException($"The key file '{path}' holds keys of other purposes ({string.Join(", ", foreign)}); an agent's key file holds K_site and its own purpose's keys only.");
        }
        return ring;
    }
}
