namespace StudentCard.Central.Breaches;

/// <summary>Wiring for the DPO's breach register.</summary>
public static class BreachesExtensions
{
    public static void AddBreaches(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BreachClock>();
        builder.Services.AddSingleton<BreachRegister>();
        builder.Services.AddSingleton<AffectedPupils>();
    }
}
