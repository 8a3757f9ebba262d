using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoP.Shared.Events;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// A definition as its JSON (the wire shape <c>POST projects</c> takes): camelCase fields, enums by their
/// <see cref="ProjectNames"/>, dates <c>yyyy-MM-dd</c>, the location a GeoJSON Point, the boundary its GeoJSON. Absent
/// values are left out, so that the JSON read back gives the same definition and a merge patch sees only what is set.
/// </summary>
public static class ProjectDefinitionJson
{
    public static JsonObject Write(ProjectDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var d = definition;
        var json = new JsonObject
        {
            ["texts"] = new JsonObject(d.Texts.Select(t => KeyValuePair.Create<string, JsonNode?>(t.Key, Text(t.Value)))),
            ["topics"] = Strings(d.Topics),
            ["status"] = ProjectNames.Of(d.Status),
        };
        Set(json, "iatiIdentifier", d.IatiIdentifier);
        Set(json, "plannedStart", Date(d.PlannedStart));
        Set(json, "plannedEnd", Date(d.PlannedEnd));
        Set(json, "actualStart", Date(d.ActualStart));
        Set(json, "actualEnd", Date(d.ActualEnd));
        json["countries"] = Strings(d.Countries);
        Set(json, "administrativeArea", d.AdministrativeArea);
        json["location"] = Point(d.Location.Point);
        json["exactness"] = ProjectNames.Of(d.Location.Exactness);
        json["publicPrecision"] = d.Location.PublicPrecision;
        if (d.Boundary is { } boundary)
        {
            json["boundary"] = JsonNode.Parse(boundary.GeoJson);
        }

        Set(json, "areaHectares", d.AreaHectares);
        Set(json, "landUse", d.LandUse is { } landUse ? ProjectNames.Of(landUse) : null);
        json["practices"] = Strings(d.Practices.Select(ProjectNames.Of));
        json["carbon"] = Carbon(d.Carbon);
        json["organisations"] = new JsonArray([.. d.Organisations.Select(Organisation)]);
        json["rioMarkers"] = new JsonObject
        {
            ["mitigation"] = ProjectNames.Of(d.RioMarkers.Mitigation),
            ["adaptation"] = ProjectNames.Of(d.RioMarkers.Adaptation),
            ["desertification"] = ProjectNames.Of(d.RioMarkers.Desertification),
        };
        json["documentIds"] = Strings(d.DocumentIds);
        return json;
    }

    /// <summary>A point as a GeoJSON Point: longitude first (RFC 7946).</summary>
    public static JsonObject Point(GeoPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(point.Longitude, point.Latitude) };
    }

    public static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Text(ProjectText text)
    {
        var json = new JsonObject { ["title"] = text.Title };
        Set(json, "summary", text.Summary);
        return json;
    }

    private static JsonObject Carbon(ProjectCarbon carbon)
    {
        var json = new JsonObject { ["standard"] = ProjectNames.Of(carbon.Standard) };
        Set(json, "methodology", carbon.Methodology);
        Set(json, "registryId", carbon.RegistryId);
        Set(json, "registryUrl", carbon.RegistryUrl?.AbsoluteUri);
        Set(json, "expectedTco2ePerYear", carbon.ExpectedTco2ePerYear);
        return json;
    }

    private static JsonObject Organisation(ProjectOrganisation organisation)
    {
        var json = new JsonObject { ["name"] = organisation.Name, ["role"] = ProjectNames.Of(organisation.Role) };
        Set(json, "reference", organisation.Reference);
        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    private static void Set(JsonObject json, string name, double? value)
    {
        if (value is { } number)
        {
            json[name] = number;
        }
    }

    /// <summary>The definition's JSON as one element, as <see cref="ProjectRules.Parse"/> reads it.</summary>
    public static JsonElement ToElement(JsonNode json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.SerializeToElement(json);
    }
}
