using Microsoft.Extensions.Logging;
using StudentCard.Central.Messaging;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Repeats every purpose's current allow-list notice at start and after each broker reconnection: notices published
/// while the broker was away are repeated, so every reader learns the current versions.
/// </summary>
public sealed class AllowListRepublisher(IMqttPublisher mqtt, AllowListQueries allowLists, ILogger<AllowListRepublisher> logger) : OnEachConnection(mqtt)
{
    protected override async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        foreach (var (purpose, version) in await allowLists.AllVersionsAsync(cancellationToken))
        {
            if (!await Mqtt.PublishAsync(AllowListNotices.Notice(purpose, version), cancellationToken))
            {
                logger.LogDebug("Could not repeat the {Purpose} allow-list notice now; it goes out on the next connection", purpose.Name());
            }
        }
    }
}
