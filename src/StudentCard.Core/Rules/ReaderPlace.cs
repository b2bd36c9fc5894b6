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
}
