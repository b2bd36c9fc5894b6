namespace StudentCard.Central.Rights;

/// <summary>Wiring for access rules and the rights derived from them.</summary>
public static class RightsExtensions
{
    public static void AddRights(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RightsDerivation>();
        builder.Services.AddSingleton<RuleBoundaryWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RuleBoundaryWatch>());
        builder.Services.AddSingleton<RuleService>();
    }
}
