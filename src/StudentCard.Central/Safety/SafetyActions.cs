namespace StudentCard.Central.Safety;

/// <summary>The audit log's action names for safety commands.</summary>
public static class SafetyActions
{
    public const string Lockdown = "safety.lockdown";
    public const string Evacuation = "safety.evacuate";
    public const string Lift = "safety.lift";
}
