using Microsoft.Playwright;

namespace StudentCard.EndToEnd.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright (no downloaded browser), with screenshots kept under the test output.</summary>
public sealed class AdminBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private AdminBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("STUDENTCARD_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Where the tests save the screenshots of the main pages: bin/&lt;configuration&gt;/net10.0/screenshots.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IBrowser Browser { get; }

    public static async Task<AdminBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        return new AdminBrowser(playwright, browser);
    }

    /// <summary>
    /// The browser when Chromium is installed or CI requires it (a missing one then fails the launch, never skips the test);
    /// else none, and the tests that need it skip.
    /// </summary>
    public static async Task<AdminBrowser?> LaunchWhenRequiredAsync() =>
        File.Exists(ChromiumPath) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? await LaunchAsync()
            : null;

    /// <summary>A fresh browser profile (its own cookies) at the given window size, laptop by default; optionally with script off.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/Account/SignIn");
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
