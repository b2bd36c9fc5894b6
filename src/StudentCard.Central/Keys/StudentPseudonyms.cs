using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Keys;

/// <summary>
/// Every purpose pseudonym a pupil's cards have under the key versions Central still holds: the only
/// way from a person in the vault to their rows in the purpose store. Old versions matter, since
/// passages recorded before a rotation carry the old version's pseudonym until they expire.
/// </summary>
public static class StudentPseudonyms
{
    public static IReadOnlyList<PurposePseudonym> Of(IEnumerable<string> cardTokens, KeyRing ring, ReaderType? onlyPurpose = null) =>
        (from token in cardTokens
         from purpose in ReaderTypes.All.Where(p => ring.Holds(p) && (onlyPurpose is null || p == onlyPurpose))
         from key in ring.Versions(purpose)
         select PseudonymDeriver.Pseudonym(new CardToken(token), purpose, key)).ToList();
}
