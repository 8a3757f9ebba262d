using System.Text.Json;
using CoP.Functions.Projects.Catalog;
using CoP.Shared.Events;
using CoP.Shared.Projects;
using CoP.TestSupport;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Catalog;

/// <summary>Projects placed around the world for the catalog's tests, and the catalog routes as a client calls them.</summary>
internal static class CatalogTestFlows
{
    /// <summary>The test project's exact point (Kisumu) and what the public sees at the default precision of 0.1°.</summary>
    public const string ExactLatitude = "-0.0917";
    public const string ExactLongitude = "34.768";

    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>An approved project titled <paramref name="title"/> at (<paramref name="latitude"/>, <paramref name="longitude"/>), created <paramref name="minute"/> minutes after the test start.</summary>
    public static Project At(string title, double latitude, double longitude, int minute = 0, Func<Project, Project>? change = null)
    {
        var p = NewProject(change: p => p with
        {
            Texts = new Dictionary<string, ProjectText> { ["en"] = new(title, null) },
            Location = p.Location with { Point = new GeoPoint(latitude, longitude) },
            CreatedAt = Start.AddMinutes(minute),
        });
        return change is null ? p : change(p);
    }

    public static async Task<IReadOnlyList<Project>> StoreAsync(TestApp app, params Project[] projects)
    {
        var store = app.Get<ProjectStore>();
        foreach (var project in projects)
        {
            await store.AddAsync(project, Ct);
        }

        return projects;
    }

    public static async Task<TestResponse> GetGeoJsonAsync(TestApp app, string query = "", string? ifNoneMatch = null)
    {
        var request = app.Get("/api/projects/map.geojson" + query);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return await TestResponse.ExecuteAsync(await app.Function<GetProjectsGeoJsonFunction>().GetProjectsGeoJson(request, Ct), request);
    }

    public static async Task<TestResponse> ExportAsync(TestApp app, string query = "")
    {
        var request = app.Get("/api/projects/export" + query);
        return await TestResponse.ExecuteAsync(await app.Function<ExportProjectsFunction>().ExportProjects(request, Ct), request);
    }

    /// <summary>The body read back as GeoJSON by NetTopologySuite.</summary>
    public static FeatureCollection ReadFeatures(string body) =>
        JsonSerializer.Deserialize<FeatureCollection>(body, GeoJson) ?? throw new InvalidOperationException("No FeatureCollection.");

    /// <summary>The ids of the features, in order.</summary>
    public static IReadOnlyList<string> Ids(string geoJson) =>
        [.. JsonDocument.Parse(geoJson).RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
}
