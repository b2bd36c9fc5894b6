using StudentCard.Edge.Link;

namespace StudentCard.Edge.Reader;

/// <summary>
/// Whether the agent counts as offline for the reader feedback and the driver display: its link to Central is down and
/// has had no contact for a few seconds. The grace keeps a start-up or a one-second blip from being shown as an outage.
/// </summary>
public sealed class OfflineIndicator(LinkState link, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly DateTimeOffset _started = time.GetUtcNow();

    public bool IsOffline => !link.Connected && time.GetUtcNow() - (link.LastContact ?? _started) >= Grace;
}
