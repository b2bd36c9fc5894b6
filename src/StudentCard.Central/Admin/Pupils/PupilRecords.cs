using StudentCard.Central.Admin.PupilPassages;

namespace StudentCard.Central.Admin.Pupils;

/// <summary>The pupils a search found, at most <see cref="PupilDirectory.SearchLimit"/>; More: there were others, narrow the search.</summary>
public sealed record PupilSearchResult(IReadOnlyList<PupilMatch> Items, bool More);

/// <summary>A pupil found by a search: what tells two pupils apart at the school, for choosing one.</summary>
public sealed record PupilMatch(string StudentNumber, string GivenName, string FamilyName, string ClassName, bool Left);

/// <summary>
/// One pupil of the admin's school: their rights by purpose, their cards and the reasons of their recent gate refusals,
/// every time in <see cref="TimeZone"/> (the school's site's).
/// </summary>
public sealed record PupilView(
    long StudentId,
    string StudentNumber,
    string GivenName,
    string FamilyName,
    string ClassName,
    bool Left,
    string TimeZone,
    IReadOnlyList<PupilRight> Rights,
    IReadOnlyList<PupilCard> Cards,
    IReadOnlyList<PupilPassage> RecentRefusals)
{
    /// <summary>Whether any right holds now or from a later date (a card then opens something, now or later).</summary>
    public bool HasRights(DateTimeOffset now) => Rights.Any(r => r.ValidUntil > now);
}

/// <summary>
/// A right to one purpose, as the vault holds it: where (null: everywhere the purpose reaches), when (a gate schedule's
/// name; null: at any time) and for how long. The one shape of a pupil's rights table, page and API alike.
/// </summary>
/// <remarks><paramref name="GivenBy"/>: the names of the access rules the right comes from; none for a right given when the card was enrolled.</remarks>
public sealed record PupilRight(string Purpose, string? Places, string? Schedule, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, IReadOnlyList<string> GivenBy);

/// <summary>One of the pupil's cards, without its token.</summary>
public sealed record PupilCard(long Id, string Status, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);
