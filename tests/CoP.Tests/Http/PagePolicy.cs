using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CoP.TestSupport;

namespace CoP.Tests.Http;

/// <summary>
/// A page read the way a browser enforces its Content-Security-Policy, for the two questions that matter here: can any
/// script run, and does the page need anything its policy refuses (so that it would render broken)?
/// </summary>
internal static partial class PagePolicy
{
    /// <summary>The sources a directive allows, after the fallbacks of CSP Level 3 (…-elem/-attr → …-src → default-src).</summary>
    public static IReadOnlyList<string> Sources(string header, string directive)
    {
        var directives = header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0].ToLowerInvariant(), d => d[1..], StringComparer.Ordinal);
        for (var name = directive; name is not null; name = Fallback(name))
        {
            if (directives.TryGetValue(name, out var sources))
            {
                return sources;
            }
        }

        return directive is "form-action" or "base-uri" or "frame-ancestors" ? ["*"] : [];
    }

    /// <summary>No script of any kind can run under the page's policy, and the page needs nothing the policy refuses.</summary>
    public static void AssertRendersWithoutScript(TestResponse page)
    {
        var policy = page.Headers.ContentSecurityPolicy.ToString();
        Assert.False(string.IsNullOrEmpty(policy), "no Content-Security-Policy");
        foreach (var directive in new[] { "script-src-elem", "script-src-attr", "worker-src", "object-src", "img-src", "connect-src", "frame-src", "font-src" })
        {
            Assert.Equal(["'none'"], Sources(policy, directive));
        }

        Assert.Equal(["'none'"], Sources(policy, "base-uri"));
        Assert.Equal(["'none'"], Sources(policy, "frame-ancestors"));

        var body = page.Body;
        Assert.DoesNotMatch(ActiveElement(), body);
        foreach (Match tag in Tag().Matches(body))
        {
            foreach (Match attribute in Attribute().Matches(tag.Groups[2].Value))
            {
                var (name, value) = (attribute.Groups[1].Value.ToLowerInvariant(), WebUtility.HtmlDecode(attribute.Groups[2].Value.Trim('"', '\'')));
                Assert.False(name.StartsWith("on", StringComparison.Ordinal), $"event handler attribute in {tag.Value}");
                Assert.False(value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"javascript: URL in {tag.Value}");
                if (name == "style")
                {
                    Assert.Contains("'unsafe-inline'", Sources(policy, "style-src-attr"));
                }

                if (tag.Groups[1].Value.Equals("form", StringComparison.OrdinalIgnoreCase) && name == "action")
                {
                    // "/api/unsubscribe" is an absolute file: URI on Unix, so only http(s) counts as another origin.
                    var target = Uri.TryCreate(value, UriKind.Absolute, out var absolute) && absolute.Scheme is "https" or "http"
                        ? absolute.GetLeftPart(UriPartial.Authority)
                        : "'self'";
                    Assert.Contains(target, Sources(policy, "form-action"));
                }
            }
        }

        foreach (Match style in StyleElement().Matches(body))
        {
            var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value)))}'";
            Assert.Contains(hash, Sources(policy, "style-src-elem"));
        }
    }

    private static string? Fallback(string directive) => directive switch
    {
        "script-src-elem" or "script-src-attr" or "worker-src" => "script-src",
        "style-src-elem" or "style-src-attr" => "style-src",
        "default-src" or "form-action" or "base-uri" or "frame-ancestors" => null,
        _ => "default-src",
    };

    // Elements that fetch, run or embed something, or change how the page's URLs and policy are read.
    [GeneratedRegex(@"<(script|img|iframe|frame|object|embed|link|svg|math|video|audio|source|base|meta\s+http-equiv)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ActiveElement();

    [GeneratedRegex(@"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s([^\s=/>]+)\s*=\s*(""[^""]*""|'[^']*'|[^\s>]+)")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"<style[^>]*>(.*?)</style>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}
