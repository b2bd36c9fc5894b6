namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>
/// A browser test's set-up: a seeded Central with its admin UI, and Chromium when it is installed (always under CI,
/// where a missing browser must fail the test rather than skip it).
/// </summary>
public abstract class BrowserTest : IAsyncLifetime
{
    protected BrowserCentral Central { get; private set; } = null!;

    protected AdminBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Central = await BrowserCentral.StartAsync();
        // Null only where Chromium is neither installed nor required; the tests skip there before touching it.
        Browser = (await AdminBrowser.LaunchWhenRequiredAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        await Central.DisposeAsync();
    }
}
