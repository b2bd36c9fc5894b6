using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Keys;

/// <summary>Loads the key ring while Central starts, so a missing or malformed key file stops the start with its message.</summary>
public sealed class KeyRingStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<KeyRing>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
