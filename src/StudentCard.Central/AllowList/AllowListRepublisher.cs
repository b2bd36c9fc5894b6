using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Messaging;

namespace StudentCard.Central.AllowList;

/// <summary>
/// Repeats every purpose's current allow-list notice at start and after each broker reconnection: notices published
/// while the broker was away are repeated, so every reader learns the current versions.
/// </summary>
public sealed class AllowListRepublisher(IMqttPublisher mqtt, AllowListQueries allowLists, ILogger<AllowListRepublisher> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        mqtt.Connected += RepublishAsync;
        // When the client connected before this service started, it could not tell it; repeating a notice is harmless.
        if (mqtt.IsConnected)
        {
            await RepublishAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        mqtt.Connected -= RepublishAsync;
        return Task.CompletedTask;
    }

    private async Task RepublishAsync(CancellationToken cancellationToken)
    {
        foreach (var (purpose, version) in await allowLists.AllVersionsAsync(cancellationToken))
        {
            if (!await mqtt.PublishAsync(AllowListNotices.Notice(purpose, version), cancellationToken))
            {
                logger.LogDebug("Could not repeat the {Purpose} allow-list notice now; it goes out on the next connection", purpose.Name());
            }
        }
    }
}
