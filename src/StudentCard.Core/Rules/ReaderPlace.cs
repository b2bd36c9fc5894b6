using StudentCard.Core.Identifiers;
using StudentCard.Core.Passages;

namespace StudentCard.Core.Rules;

/// <summary>Where a reader is: a gate's site, zone and direction; a bus's current route; a library's site.</summary>
public sealed record ReaderPlace(ReaderType Purpose, string? Site = null, string? Zone = null, string? Route = null, Direction Direction = Direction.None)
{
    /// <summary>The place a passage is stored under: "site/zone" at gates, the route on buses, the site in libraries.</summary>
    public string? Name => Purpose switch
    {
        ReaderType.Gate when Site is not null && Zone is not null => $"{Site}/{Zone}",
        ReaderType.Bus => Route,
        _ => Site,
    };

    /// <summary>The site of a stored place name (the inverse of <see cref="Name"/>): its first part at gates and libraries, none on buses.</summary>
    public static string? SiteOf(ReaderType purpose, string? name) =>
        purpose == ReaderType.Bus || string.IsNullOrEmpty(name) ? null : name.Split('/')[0];

    /// <summary>
    /// The place a name stands for (the inverse of <see cref="Name"/>): "site/zone" at a gate, the route on a bus, the
    /// site in a library, every part an <see cref="Identifier"/>; null for anything else. Direction is not part of a name.
    /// </summary>
    public static ReaderPlace? Parse(ReaderType purpose, string? name) =>
        name?.Split('/') is not { } parts || !parts.All(Identifier.IsValid)
            ? null
            : (purpose, parts) switch
            {
                (ReaderType.Gate, [var site, var zone]) => new ReaderPlace(purpose, Site: site, Zone: zone),
                (ReaderType.Bus, [var route]) => new ReaderPlace(purpose, Route: route),
                (ReaderType.Library, [var site]) => new ReaderPlace(purpose, Site: site),
                _ => null,
            };
}
