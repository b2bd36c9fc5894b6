namespace StudentCard.Central.Rights;

/// <summary>Wiring for access rules and the rights derived from them.</summary>
public static class RightsExtensions
{
    public static void AddRights(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RightsDerivation>();
        // Before anything derives: rights given by grants before rules existed become rules first.
        builder.Services.AddSingleton<GrantConversion>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GrantConversion>());
        builder.Services.AddSingleton<RuleBoundaryWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RuleBoundaryWatch>());
        builder.Services.AddSingleton<RuleService>();
    }
}
