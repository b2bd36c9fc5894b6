using Microsoft.Extensions.Logging;
using StudentCard.Central.Messaging;

namespace StudentCard.Central.Safety;

/// <summary>
/// Repeats every stored site mode at start and after each broker reconnection: the embedded broker keeps
/// retained messages in memory only, and a gate reader that connects must still find its site's mode there.
/// </summary>
public sealed class SiteModeRepublisher(SiteModeService modes, IMqttPublisher mqtt, ILogger<SiteModeRepublisher> logger) : OnEachConnection(mqtt)
{
    protected override async Task OnConnectedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var count = await modes.RepublishAllAsync(cancellationToken);
            if (count > 0)
            {
                logger.LogInformation("Republished {Count} site modes to the broker", count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The connection stays usable for passages; the modes go out again on the next reconnection or start.
            logger.LogError(e, "Could not republish the stored site modes");
        }
    }
}
