using System.Net.Http.Headers;

namespace CoP.Shared.Templates;

/// <summary>
/// The languages every template is written in, and how a member's language tag or a browser's Accept-Language picks
/// one of them. Anything else gives English.
/// </summary>
public static class TemplateLanguages
{
    public const string Default = "en";

    /// <summary>Languages with a translation of every template, the default first.</summary>
    public static readonly IReadOnlyList<string> All = [Default, "fr", "es"];

    /// <summary>The language of <paramref name="tag"/> ("fr", "fr-BE", "es_ES") if there are templates in it, else English.</summary>
    public static string Resolve(string? tag) => Supported(tag) ?? Default;

    /// <summary>
    /// The language a browser ranks highest among ours (q-values honoured, <c>q=0</c> meaning "not this one"; among
    /// equal ranks the first listed wins), else English.
    /// </summary>
    public static string FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Default;
        }

        string? best = null;
        var bestQuality = 0.0;
        foreach (var item in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!StringWithQualityHeaderValue.TryParse(item, out var range))
            {
                continue;
            }

            var quality = range.Quality ?? 1;
            if (quality > bestQuality && Supported(range.Value) is { } language)
            {
                (best, bestQuality) = (language, quality);
            }
        }

        return best ?? Default;
    }

    private static string? Supported(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var primary = tag.Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.Contains(primary, StringComparer.Ordinal) ? primary : null;
    }
}
