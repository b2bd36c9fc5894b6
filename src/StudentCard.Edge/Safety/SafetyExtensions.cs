using StudentCard.Edge.Link;

namespace StudentCard.Edge.Safety;

/// <summary>The agent's wiring of site modes: one instance, read by the tap decision and fed by the MQTT link.</summary>
public static class SafetyExtensions
{
    public static IServiceCollection AddSiteModes(this IServiceCollection services)
    {
        services.AddSingleton<SiteModes>();
        services.AddSingleton<ILinkSubscriber>(sp => sp.GetRequiredService<SiteModes>());
        return services;
    }
}
