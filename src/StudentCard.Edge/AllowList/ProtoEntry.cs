using StudentCard.Core.Rules;
using Proto = StudentCard.Protos.V1;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// Reads one allow-list entry as Central sends it, in a download page or an online check's answer. It fails closed:
/// a malformed pseudonym or a status other than active or lost (a missing one reads as unspecified) is an
/// <see cref="InvalidDataException"/>, never an active card.
/// </summary>
internal static class ProtoEntry
{
    public static AllowListEntry ToCore(Proto.AllowListEntry entry) => new(
        WellFormed(entry.Pseudonym),
        entry.ValidFrom.ToDateTimeOffset(),
        entry.ValidUntil.ToDateTimeOffset(),
        entry.Status switch
        {
            Proto.CardStatus.Active => CardStatus.Active,
            Proto.CardStatus.Lost => CardStatus.Lost,
            var other => throw new InvalidDataException($"An allow-list entry has card status {other}; only active and lost are read."),
        },
        entry.Places.Length == 0 ? null : entry.Places,
        entry.Schedule.Length == 0 ? null : entry.Schedule);

    public static string WellFormed(string pseudonym) =>
        Core.Identifiers.PurposePseudonym.IsWellFormed(pseudonym) ? pseudonym : throw new InvalidDataException("The allow-list holds a malformed pseudonym.");
}
