using Google.Protobuf.WellKnownTypes;
using StudentCard.Core.Rules;
using Proto = StudentCard.Protos.V1;

namespace StudentCard.Central.ReaderApi;

/// <summary>Translates Core's types to the wire contract's.</summary>
internal static class ProtoMapping
{
    public static Proto.ReaderType ToProto(this ReaderType type) => type switch
    {
        ReaderType.Gate => Proto.ReaderType.Gate,
        ReaderType.Bus => Proto.ReaderType.Bus,
        ReaderType.Library => Proto.ReaderType.Library,
        _ => Proto.ReaderType.Unspecified,
    };

    public static Proto.Decision ToProto(this Decision decision) => decision switch
    {
        Decision.Allow => Proto.Decision.Allow,
        Decision.Deny => Proto.Decision.Deny,
        _ => Proto.Decision.Unspecified,
    };

    // The wire enum has the same numbers as Core's: checked by a test over every value.
    public static Proto.ReasonCode ToProto(this ReasonCode reason) => (Proto.ReasonCode)(int)reason;

    public static Proto.AllowListEntry ToProto(this AllowListEntry entry) => new()
    {
        Pseudonym = entry.Pseudonym,
        ValidFrom = Timestamp.FromDateTimeOffset(entry.ValidFrom),
        ValidUntil = Timestamp.FromDateTimeOffset(entry.ValidUntil),
        Status = entry.Status == CardStatus.Lost ? Proto.CardStatus.Lost : Proto.CardStatus.Active,
        Places = entry.Places ?? "",
        Schedule = entry.Schedule ?? "",
    };
}
