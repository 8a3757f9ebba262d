using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(CoP.Tests.Browser.BrowserFixture))]

namespace CoP.Tests.Browser;

/// <summary>
/// One Chromium for the whole test run (<see cref="ChromiumLocator"/>), launched by the first browser test that asks
/// for it, so that a run without browser tests starts none. Each test takes a context of its own (its own cookies).
/// Without a browser every browser test fails, saying how to get one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A new browser context on <paramref name="host"/> (relative URLs go to it) at 1280 px, in <paramref name="locale"/>
    /// (the pages pick their language from it). Dispose it at the end of the test: <c>await using var context = …</c>.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(FunctionsTestHost host, string locale = "en-GB") => NewContextAsync(host.BaseAddress, locale);

    /// <summary>A new browser context on any address (see <see cref="NewContextAsync(FunctionsTestHost, string)"/>).</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseAddress, string locale = "en-GB")
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var browser = await BrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Two cores shared by parallel tests: Playwright's 30 s default is too short for a slow moment.
        context.SetDefaultTimeout(60_000);
        PageTraffic.Record(context);
        return context;
    }

    private async Task<IBrowser> BrowserAsync()
    {
        await _launch.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            var chromium = ChromiumLocator.Find() switch
            {
                ChromiumSearch.Found found => found,
                ChromiumSearch.NotFound { Message: var message } => throw new InvalidOperationException(message),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium.ExecutablePath,
                Args = chromium.Args,
                Headless = true,
            });
            TestContext.Current.TestOutputHelper?.WriteLine($"Browser tests run in {chromium.ExecutablePath} ({chromium.Source}), version {_browser.Version}.");
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _launch.Dispose();
    }
}
