namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>A fact that needs Chromium: skipped with the reason when it is absent, except with CI=true, where it must run.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(AdminBrowser.ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"Chromium is not installed at {AdminBrowser.ChromiumPath} (apt-get install chromium, or set STUDENTCARD_CHROMIUM); CI=true makes this test mandatory.";
        }
    }
}
