using System.Globalization;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Templates;

/// <summary>
/// How the member pages look (section <c>Site</c>, app settings <c>Site__*</c>): the logo and colour of the community.
/// Its name is the one the mails print (<c>Email__CommunityName</c>).
/// </summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    public const string DefaultBrandColour = "#2f5d34";

    /// <summary>An https address of the community's logo (shown at most 40 px high beside its name); empty shows the name alone.</summary>
    public Uri? LogoUrl { get; set; }

    /// <summary>
    /// The colour of the header, buttons and links, as <c>#rrggbb</c>. It must be dark enough for white text on it
    /// and for itself on white (a contrast of at least 4.5:1, WCAG 2.2 AA), so start-up refuses a pale one.
    /// </summary>
    public string BrandColour { get; set; } = DefaultBrandColour;

    /// <summary>The community's privacy notice; empty links the pages to the app's own (<c>/api/privacy</c>).</summary>
    public Uri? PrivacyPageUrl { get; set; }

    /// <summary>The contrast of <paramref name="colour"/> (<c>#rrggbb</c>) against white, or null when it is not such a colour.</summary>
    public static double? ContrastWithWhite(string? colour)
    {
        if (colour is not { Length: 7 } || colour[0] != '#'
            || !int.TryParse(colour.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            return null;
        }

        // WCAG 2.2 relative luminance, against white's 1.0.
        var luminance = (0.2126 * Channel(rgb >> 16)) + (0.7152 * Channel(rgb >> 8)) + (0.0722 * Channel(rgb));
        return 1.05 / (luminance + 0.05);
    }

    private static double Channel(int value)
    {
        var c = (value & 0xFF) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}

public sealed class SiteOptionsValidator : IValidateOptions<SiteOptions>
{
    public const double MinimumContrast = 4.5;

    public ValidateOptionsResult Validate(string? name, SiteOptions options)
    {
        var failures = new List<string>();
        RequireHttps(options.LogoUrl, "Site__LogoUrl", failures);
        RequireHttps(options.PrivacyPageUrl, "Site__PrivacyPageUrl", failures);
        switch (SiteOptions.ContrastWithWhite(options.BrandColour))
        {
            case null:
                failures.Add("Site__BrandColour must be a colour written #rrggbb (e.g. #2f5d34).");
                break;
            case < MinimumContrast and var contrast:
                failures.Add($"Site__BrandColour {options.BrandColour} is too pale: its contrast with white is {contrast:0.0}:1, and text needs {MinimumContrast}:1. Choose a darker shade.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireHttps(Uri? url, string setting, List<string> failures)
    {
        if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))))
        {
            failures.Add($"{setting} must be an absolute https URL (http only for localhost).");
        }
    }
}
