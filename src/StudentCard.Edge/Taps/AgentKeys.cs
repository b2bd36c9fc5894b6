using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Edge.Taps;

/// <summary>
/// The agent's keys: K_site and its own purpose's versions, loaded once at start. A key file
/// holding another purpose's key is refused: an agent must not be able to make pseudonyms of
/// a purpose it does not serve.
/// </summary>
public sealed class AgentKeys
{
    private KeyRing _ring;

    public AgentKeys(IOptions<EdgeOptions> options)
    {
        Purpose = options.Value.Type;
        FilePath = options.Value.KeyFile;
        _ring = Load(FilePath, Purpose);
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
    public void Reload() => Volatile.Write(ref _ring, Load(FilePath, Purpose));

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
