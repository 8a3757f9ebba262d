using Microsoft.Extensions.Options;

namespace CoP.Shared.Projects.Map;

/// <summary>
/// The map of the project pages (section <c>Projects</c>, app settings <c>Projects__Tile*</c>): the tile server the
/// browser loads the map's images from, and the attribution its licence asks for, shown on the map.
/// </summary>
public sealed class ProjectMapOptions
{
    public const string SectionName = "Projects";

    /// <summary>OpenStreetMap's standard tiles; heavy use needs a server of one's own or a provider's (see its tile usage policy).</summary>
    public const string DefaultTileUrl = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public const string DefaultTileAttribution = "© OpenStreetMap contributors";

    public const string DefaultTileAttributionUrl = "https://www.openstreetmap.org/copyright";

    /// <summary>The tiles' address with <c>{z}</c>, <c>{x}</c> and <c>{y}</c> (https, one host: the pages' policy allows images from its origin only).</summary>
    public string TileUrl { get; set; } = DefaultTileUrl;

    /// <summary>The attribution's words, shown in the map's corner.</summary>
    public string TileAttribution { get; set; } = DefaultTileAttribution;

    /// <summary>Where the attribution links to (the data's licence).</summary>
    public Uri? TileAttributionUrl { get; set; } = new(DefaultTileAttributionUrl);

    /// <summary>The origin the tiles load from, for the pages' <c>img-src</c>.</summary>
    public Uri TileOrigin => new(new Uri(TileUrl.Replace("{z}", "0", StringComparison.Ordinal).Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority));
}

public sealed class ProjectMapOptionsValidator : IValidateOptions<ProjectMapOptions>
{
    public ValidateOptionsResult Validate(string? name, ProjectMapOptions options)
    {
        var failures = new List<string>();
        var sample = options.TileUrl?.Replace("{z}", "0", StringComparison.Ordinal).Replace("{x}", "0", StringComparison.Ordinal).Replace("{y}", "0", StringComparison.Ordinal);
        if (options.TileUrl is null || !options.TileUrl.Contains("{z}", StringComparison.Ordinal) || !options.TileUrl.Contains("{x}", StringComparison.Ordinal)
            || !options.TileUrl.Contains("{y}", StringComparison.Ordinal) || sample!.Contains('{', StringComparison.Ordinal)
            || !Uri.TryCreate(sample, UriKind.Absolute, out var tiles) || tiles.Scheme != Uri.UriSchemeHttps
            || tiles.UserInfo.Length > 0 || tiles.Fragment.Length > 0 || Uri.CheckHostName(tiles.Host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            failures.Add("Projects__TileUrl must be an https address on one host, without a user name or fragment, with {z}, {x} and {y} and no other placeholder (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png).");
        }

        if (string.IsNullOrWhiteSpace(options.TileAttribution) || options.TileAttribution.Length > 200)
        {
            failures.Add("Projects__TileAttribution must be the tiles' attribution (1 to 200 characters): their licence requires it.");
        }

        if (options.TileAttributionUrl is { } link && (!link.IsAbsoluteUri || link.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add("Projects__TileAttributionUrl must be an absolute https URL, or empty for an attribution without a link.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
