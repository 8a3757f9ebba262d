using System.Collections.Frozen;
using CoP.Shared.Templates;

namespace CoP.Functions.Http.Assets;

/// <summary>
/// The files the pages load from the app itself (<c>GET /api/assets/{fileName}</c>): the map library, Leaflet 1.9.4
/// (BSD-2-Clause, its <c>dist/</c> files as published on npm, and its licence), embedded in the assembly. The list is
/// fixed and each name carries its version, so an answer never changes and browsers may keep it for a year; a new
/// version is a new name.
/// </summary>
public static class PageAssets
{
    /// <summary>Leaflet's script.</summary>
    public const string LeafletScript = "leaflet-1.9.4.js";

    /// <summary>Leaflet's stylesheet (the map's panes, controls and attribution).</summary>
    public const string LeafletStyle = "leaflet-1.9.4.css";

    /// <summary>Leaflet's licence, which its redistribution must carry.</summary>
    public const string LeafletLicence = "leaflet-1.9.4.LICENSE.txt";

    private const string Folder = "CoP.Functions.Http.Assets";

    private static readonly FrozenDictionary<string, PageAsset> Files = new[]
    {
        (LeafletScript, "text/javascript; charset=utf-8"),
        (LeafletStyle, "text/css; charset=utf-8"),
        (LeafletLicence, "text/plain; charset=utf-8"),
    }.ToFrozenDictionary(file => file.Item1, file => new PageAsset(file.Item2, Read(file.Item1)), StringComparer.Ordinal);

    /// <summary>The asset named exactly <paramref name="fileName"/>; null for any other name.</summary>
    public static PageAsset? Find(string? fileName) =>
        fileName is not null && Files.TryGetValue(fileName, out var asset) ? asset : null;

    /// <summary>The asset's path on this host (<c>/api/assets/leaflet-1.9.4.js</c>), as pages link it.</summary>
    public static string Path(string fileName) =>
        Files.ContainsKey(fileName) ? $"{PageLinks.Base}/assets/{fileName}" : throw new ArgumentOutOfRangeException(nameof(fileName), fileName, "There is no such asset.");

    private static byte[] Read(string fileName)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream($"{Folder}.{fileName}")
            ?? throw new InvalidOperationException($"The asset {fileName} is not embedded.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}

/// <summary>An asset's media type and bytes.</summary>
public sealed record PageAsset(string ContentType, byte[] Content);
