
namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>A fact that needs Mosquitto: skipped with the reason when it is absent, except with CI=true, where it must run.</summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (MosquittoBroker.Executable is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Mosquitto is not installed (apt-get install mosquitto); CI=true makes this test mandatory.";
        }
    }
}
