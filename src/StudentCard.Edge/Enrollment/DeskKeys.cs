using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Edge.Keys;

namespace StudentCard.Edge.Enrollment;

/// <summary>
/// The desk's one key, K_site, read at start. A key file holding any purpose key is refused: a desk
/// turns UIDs into card tokens and must never be able to make a purpose pseudonym.
/// </summary>
public sealed class DeskKeys(IOptions<DeskOptions> options)
{
    private readonly SecretKey _site = Load(Path.GetFullPath(options.Value.KeyFile)).Site;

    /// <summary>The card token of a tapped card (Core's derivation); the UID itself goes no further.</summary>
    public CardToken Token(CardUid uid) => PseudonymDeriver.CardToken(uid, _site);

    public static KeyRing Load(string path)
    {
        var ring = KeyFile.Read(path);
        var purposes = ring.Purposes.Select(p => p.Name()).ToArray();
        if (purposes.Length > 0)
        {
            throw new KeyFileException($"The key file '{path}' holds purpose keys ({string.Join(", ", purposes)}); a desk's key file holds K_site only (write one with 'keys export-desk').");
        }
        return ring;
    }
}
