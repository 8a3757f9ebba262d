using CoP.Functions.Http;
using CoP.Functions.Http.Assets;
using CoP.Shared.Projects.Map;

namespace CoP.Functions.Projects.Pages;

/// <summary>
/// The map both project pages draw: Leaflet from the app (<see cref="PageAssets"/>) over the configured tile server,
/// with the tiles' attribution. The page's policy allows exactly those two files and images from the tiles' origin.
/// </summary>
public static class ProjectMap
{
    /// <summary>What the page loads beyond its own script; <paramref name="wide"/> for the map beside the list.</summary>
    public static PageSetup Setup(ProjectMapOptions options, bool wide)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PageSetup
        {
            ScriptFiles = [PageAssets.Path(PageAssets.LeafletScript)],
            StyleFiles = [PageAssets.Path(PageAssets.LeafletStyle)],
            ImagesFrom = [options.TileOrigin],
            Wide = wide,
        };
    }

    /// <summary>The tiles as the page's script reads them (data attributes of the map's element).</summary>
    public static MapTiles Tiles(ProjectMapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MapTiles(options.TileUrl, options.TileAttribution, options.TileAttributionUrl?.AbsoluteUri ?? "");
    }
}

/// <summary>The tile server's address template and the attribution its licence asks for.</summary>
public sealed record MapTiles(string Url, string Attribution, string AttributionUrl);
