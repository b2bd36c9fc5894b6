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
}
