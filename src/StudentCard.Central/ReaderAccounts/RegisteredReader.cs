using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.ReaderAccounts;

/// <summary>
/// An authenticated reader: what every call it makes is checked against. <paramref name="Place"/> is where it was registered
/// (see <see cref="ReaderPlace.Name"/>), never what the reader says of itself.
/// </summary>
public sealed record RegisteredReader(string Id, ReaderType Type, string? Place = null)
{
    /// <summary>The one zone relay this reader may read: its own zone's, for a gate reader registered at a site and zone; else none.</summary>
    public string? ZoneRelay =>
        Type == ReaderType.Gate && ReaderPlace.Parse(Type, Place) is { Site: { } site, Zone: { } zone } ? MqttTopics.ZonePassages(site, zone) : null;
}
