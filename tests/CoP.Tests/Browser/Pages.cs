using System.Globalization;
using Deque.AxeCore.Playwright;
using CoP.TestSupport;
using Microsoft.Playwright;

namespace CoP.Tests.Browser;

/// <summary>
/// The checks every page a browser walk reaches must pass, in one call: no serious or critical axe violation, the page's
/// weight over the wire (document, stylesheets and scripts; no images, and not the app's vendored files, cached for a
/// year) under <see cref="MaxWeightBytes"/>, and full-page
/// screenshots at 360 and 1280 px in tests/CoP.Tests/TestResults/screenshots for people to look at.
/// </summary>
public static class Pages
{
    public const int MaxWeightBytes = 30 * 1024;

    private static readonly int[] Widths = [360, 1280];
    private static readonly HashSet<string> Failing = ["serious", "critical"];
    private static readonly Lock WeightsGate = new();
    private static readonly SortedDictionary<string, long> Weights = new(StringComparer.Ordinal);

    /// <summary>Where screenshots and page-weights.txt go: tests/CoP.Tests/TestResults, whatever the working directory.</summary>
    public static string ResultsFolder { get; } = Path.Combine(RepositoryRoot.Find(), "tests", "CoP.Tests", "TestResults");

    /// <summary>Checks the page the browser shows now; <paramref name="name"/> names its screenshots and weight line (e.g. "ballot-en").</summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForLoadStateAsync(LoadState.Load);
        var weight = await WeightAsync(page);
        Record(name, weight);
        await ScreenshotsAsync(page, name);
        await AccessibilityAsync(page, name);
        Assert.True(weight < MaxWeightBytes, $"{name} weighs {weight} bytes over the wire (document, stylesheets, scripts); the limit is {MaxWeightBytes}.");
    }

    /// <summary>The encoded body sizes of the current document's document, stylesheet and script responses.</summary>
    public static async Task<long> WeightAsync(IPage page)
    {
        var total = 0L;
        // The app's vendored files (GET /api/assets/…: the map library) are kept by browsers for a year under their
        // versioned names: paid once, not by each page, so they are not the page's weight.
        foreach (var response in PageTraffic.Of(page).Where(r => !new Uri(r.Url).AbsolutePath.StartsWith("/api/assets/", StringComparison.Ordinal)))
        {
            await response.FinishedAsync();
            total += (await response.Request.SizesAsync()).ResponseBodySize;
        }

        Assert.True(total > 0, $"No document was loaded in the page at {page.Url}: was its context made by BrowserFixture.NewContextAsync?");
        return total;
    }

    private static async Task AccessibilityAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        var violations = results.Violations.Where(v => Failing.Contains(v.Impact ?? "")).ToList();
        Assert.True(
            violations.Count == 0,
            $"{name} ({page.Url}) has {violations.Count} serious or critical accessibility violation(s):\n" + string.Join("\n", violations.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help} [{string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}] {v.HelpUrl}")));
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var folder = Path.Combine(ResultsFolder, "screenshots");
        Directory.CreateDirectory(folder);
        var viewport = page.ViewportSize ?? new PageViewportSizeResult { Width = 1280, Height = 800 };
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, viewport.Height);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
    }

    // One line per page checked in this run, rewritten whole so that parallel tests never interleave.
    private static void Record(string name, long weight)
    {
        TestContext.Current.SendDiagnosticMessage($"Page weight of {name}: {weight} bytes.");
        TestContext.Current.TestOutputHelper?.WriteLine($"Page weight of {name}: {weight} bytes (document, stylesheets, scripts; no images).");
        lock (WeightsGate)
        {
            Weights[name] = weight;
            Directory.CreateDirectory(ResultsFolder);
            File.WriteAllLines(
                Path.Combine(ResultsFolder, "page-weights.txt"),
                Weights.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key}\t{w.Value} bytes")));
        }
    }
}
