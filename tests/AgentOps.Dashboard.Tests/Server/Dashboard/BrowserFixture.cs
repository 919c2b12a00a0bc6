using Microsoft.Playwright;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>
/// One seeded server and one headless Debian Chromium (driven by Playwright, no browser download) for a test class.
/// Screenshots go to <c>TestResults/screenshots</c> at the repository root (or <c>AGENTOPS_SCREENSHOTS</c>).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _logins = new(StringComparer.Ordinal);
    private IPlaywright? _playwright;

    public DashboardServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("AGENTOPS_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's browser with 'apt-get install -y chromium' (test.sh does).");
        }

        Directory.CreateDirectory(ScreenshotFolder);

        // Generous on a loaded machine (the whole suite runs in parallel on two cores); a passing wait ends early anyway.
        Assertions.SetDefaultExpectTimeout(15_000);
        Server = await DashboardServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh browser context with a page on the board, logged in as <paramref name="name"/>: through the login form the
    /// first time, then with the cookies that login left (as a returning browser would).
    /// </summary>
    public async Task<IPage> LoggedInPageAsync(string name, ViewportSize? viewport = null, bool mobile = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1366, Height = 900 },
            IsMobile = mobile,
            HasTouch = mobile,
            StorageState = _logins.TryGetValue(name, out var state) ? state : null,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        page.SetDefaultNavigationTimeout(30_000); // CI runs the other test projects beside this one on 2 cores
        await page.GotoAsync("/");
        if (page.Url.Contains("/login", StringComparison.Ordinal))
        {
            await page.GetByLabel("API key").FillAsync(DashboardServer.ApiKey);
            await page.GetByLabel("Your name").FillAsync(name);
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            _logins[name] = await context.StorageStateAsync();
        }

        return page;
    }

    /// <summary>Saves a full-page screenshot as <paramref name="name"/>.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AgentOps.sln")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
