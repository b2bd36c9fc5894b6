using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StudentCard.Central.Safety;

/// <summary>Central's wiring of lockdown and evacuation.</summary>
public static class SafetyExtensions
{
    /// <summary>The command service and the republisher; after AddMessaging, so the MQTT client exists.</summary>
    public static void AddSafety(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiteModeService>();
        builder.Services.AddSingleton<RollCallQuery>();
        builder.Services.AddHostedService<SiteModeRepublisher>();
    }
}
