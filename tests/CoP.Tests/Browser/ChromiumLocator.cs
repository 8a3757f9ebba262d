using System.Diagnostics;
using CoP.TestSupport;

namespace CoP.Tests.Browser;

/// <summary>
/// Finds a Chromium for Playwright on this machine, since <c>playwright install</c> cannot download one here. In order:
/// <c>COP_CHROMIUM</c>; Playwright's own browser cache (<c>PLAYWRIGHT_BROWSERS_PATH</c> or ~/.cache/ms-playwright);
/// <c>chromium</c> or <c>google-chrome</c> on PATH; the npm package @sparticuz/chromium (a devDependency, unpacked to
/// the temp folder by its <c>executablePath()</c>).
/// </summary>
internal static class ChromiumLocator
{
    public const string HowToGetOne =
        "No Chromium for the browser tests. Install one (apt-get install -y chromium), or run `npm ci` in the repository " +
        "root (it brings @sparticuz/chromium), or set COP_CHROMIUM to a Chromium or Chrome executable.";

    // Every build found runs headless as root given no sandbox. The Lambda build of @sparticuz/chromium is meant to run
    // with --single-process --no-zygote, but here it runs without them, and with them closing one context ends the browser.
    private static readonly string[] Args = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-quic"];

    public static ChromiumSearch Find()
    {
        var tried = new List<string>();
        if (Environment.GetEnvironmentVariable("COP_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? new ChromiumSearch.Found(configured, Args, "COP_CHROMIUM")
                : new ChromiumSearch.NotFound($"COP_CHROMIUM names {configured}, which does not exist. {HowToGetOne}");
        }

        foreach (var candidate in PlaywrightCache().Concat(OnPath("chromium", "chromium-browser", "google-chrome")))
        {
            if (File.Exists(candidate))
            {
                return new ChromiumSearch.Found(candidate, Args, candidate);
            }

            tried.Add(candidate);
        }

        return Sparticuz() is { } unpacked && File.Exists(unpacked)
            ? new ChromiumSearch.Found(unpacked, Args, "@sparticuz/chromium")
            : new ChromiumSearch.NotFound($"{HowToGetOne} (Looked in: {string.Join(", ", tried)}, and for @sparticuz/chromium in node_modules.)");
    }

    private static IEnumerable<string> PlaywrightCache()
    {
        var cache = Environment.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } configured && configured != "0"
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        if (!Directory.Exists(cache))
        {
            return [];
        }

        return Directory.EnumerateDirectories(cache, "chromium-*")
            .OrderDescending(StringComparer.Ordinal)
            .SelectMany(browser => Directory.EnumerateDirectories(browser, "chrome-linux*"))
            .Select(folder => Path.Combine(folder, "chrome"));
    }

    private static IEnumerable<string> OnPath(params string[] names) =>
        from folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        from name in names
        select Path.Combine(folder, name);

    /// <summary>The path @sparticuz/chromium's <c>executablePath()</c> unpacks its binary to, or null without node or the package.</summary>
    private static string? Sparticuz()
    {
        var root = RepositoryRoot.Find();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "@sparticuz", "chromium")))
        {
            return null;
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "-e", "import('@sparticuz/chromium').then(m => m.default.executablePath()).then(p => console.log(p))" },
        };
        try
        {
            using var node = Process.Start(start)!;
            var errors = node.StandardError.ReadToEndAsync();
            var output = node.StandardOutput.ReadToEnd();
            node.WaitForExit(TimeSpan.FromMinutes(1));
            return node.ExitCode == 0 && errors.Wait(TimeSpan.FromSeconds(5)) ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No node on PATH: the package cannot be unpacked.
            return null;
        }
    }
}

/// <summary>Where the browser is, or why there is none.</summary>
internal abstract record ChromiumSearch
{
    private ChromiumSearch()
    {
    }

    public sealed record Found(string ExecutablePath, IReadOnlyList<string> Args, string Source) : ChromiumSearch;

    public sealed record NotFound(string Message) : ChromiumSearch;
}
