using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace CoP.Shared.Projects.Catalog;

/// <summary>
/// The map's GeoJSON (RFC 7946): a FeatureCollection of Points at each project's public, rounded point, longitude
/// first, WGS 84 (no <c>crs</c> member), with flat string properties that map tools show as they are: <c>id</c>,
/// <c>title</c>, <c>status</c>, <c>topics</c>, <c>practices</c> and <c>country</c> (comma-joined), <c>standard</c>,
/// <c>url</c>.
/// </summary>
public static class ProjectGeoJson
{
    public const string MediaType = "application/geo+json";

    public static ProjectDocument Write(IEnumerable<Project> projects, string language, Uri publicBase)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            foreach (var project in projects)
            {
                WriteFeature(json, project, language, publicBase);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var body = buffer.WrittenMemory.ToArray();
        return new ProjectDocument(body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"");
    }

    private static void WriteFeature(Utf8JsonWriter json, Project project, string language, Uri publicBase)
    {
        var point = project.PublicPoint;
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteString("id", project.ProjectId);
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WriteStartArray("coordinates");
        json.WriteNumberValue(point.Longitude);
        json.WriteNumberValue(point.Latitude);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("id", project.ProjectId);
        json.WriteString("title", project.TextIn(language).Title);
        json.WriteString("status", ProjectNames.Of(project.Status));
        json.WriteString("topics", string.Join(',', project.Topics));
        json.WriteString("practices", string.Join(',', project.Practices.Select(ProjectNames.Of)));
        json.WriteString("standard", ProjectNames.Of(project.Carbon.Standard));
        json.WriteString("country", string.Join(',', project.Countries));
        json.WriteString("url", ProjectViews.PageUrl(publicBase, project.ProjectId).ToString());
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
