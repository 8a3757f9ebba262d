using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoP.Functions.Projects.Forms;

/// <summary>
/// The form as the JSON the API takes: the whole definition for a new project (POST /api/projects), a JSON merge patch
/// for a change (PATCH /api/projects/{projectId}), where an emptied field is null (cleared) and an empty boundary box
/// leaves the stored boundary as it is. Nothing is checked here: a number that is not one, a date that is not one, a
/// boundary that is not JSON go over as the strings typed, and the project rules refuse them as they refuse them from
/// a script, naming the field.
/// </summary>
public static class ProjectFormJson
{
    private static readonly char[] ListSeparators = [',', ';', ' ', '\n', '\r', '\t'];

    /// <summary>The definition of a new project: empty fields are left out.</summary>
    public static JsonElement Definition(ProjectForm form) => Build(form, patch: false);

    /// <summary>The change to a stored project, as an RFC 7396 merge patch: empty fields clear what was stored.</summary>
    public static JsonElement Patch(ProjectForm form) => Build(form, patch: true);

    private static JsonElement Build(ProjectForm form, bool patch)
    {
        ArgumentNullException.ThrowIfNull(form);
        var json = new JsonObject();
        void Put(JsonObject target, string name, JsonNode? value)
        {
            if (value is not null || patch)
            {
                target[name] = value;
            }
        }

        var texts = new JsonObject();
        foreach (var text in form.Texts)
        {
            if (text.Title.Length == 0 && text.Summary.Length == 0)
            {
                Put(texts, text.Language, null);
                continue;
            }

            var one = new JsonObject();
            Put(one, "title", Text(text.Title));
            Put(one, "summary", Text(text.Summary));
            texts[text.Language] = one;
        }

        json["texts"] = texts;
        json["topics"] = Array(form.Topics);
        Put(json, "status", Text(form.Status));
        Put(json, "iatiIdentifier", Text(form.IatiIdentifier));
        Put(json, "plannedStart", Text(form.PlannedStart));
        Put(json, "plannedEnd", Text(form.PlannedEnd));
        Put(json, "actualStart", Text(form.ActualStart));
        Put(json, "actualEnd", Text(form.ActualEnd));
        json["countries"] = Array(form.Countries);
        Put(json, "administrativeArea", Text(form.AdministrativeArea));
        Put(json, "location", Location(form.Latitude, form.Longitude));
        Put(json, "exactness", Text(form.Exactness));
        Put(json, "publicPrecision", Number(form.PublicPrecision));
        if (form.Boundary.Trim().Length > 0)
        {
            json["boundary"] = Geometry(form.Boundary);
        }
        else if (form.RemoveBoundary && patch)
        {
            json["boundary"] = null;
        }

        Put(json, "areaHectares", Number(form.AreaHectares));
        Put(json, "landUse", Text(form.LandUse));
        json["practices"] = Array(form.Practices);

        var carbon = new JsonObject();
        Put(carbon, "standard", Text(form.Standard));
        Put(carbon, "methodology", Text(form.Methodology));
        Put(carbon, "registryId", Text(form.RegistryId));
        Put(carbon, "registryUrl", Text(form.RegistryUrl));
        Put(carbon, "expectedTco2ePerYear", Number(form.ExpectedTco2ePerYear));
        Put(json, "carbon", carbon.Count > 0 && carbon.Any(member => member.Value is not null) ? carbon : null);

        var organisations = new JsonArray();
        foreach (var row in form.Organisations.Where(row => !row.IsEmpty))
        {
            var organisation = new JsonObject();
            Put(organisation, "name", Text(row.Name));
            Put(organisation, "role", Text(row.Role));
            Put(organisation, "reference", Text(row.Reference));
            organisations.Add(organisation);
        }

        json["organisations"] = organisations;

        var markers = new JsonObject();
        Put(markers, "mitigation", Text(form.Mitigation));
        Put(markers, "adaptation", Text(form.Adaptation));
        Put(markers, "desertification", Text(form.Desertification));
        Put(json, "rioMarkers", markers.Any(member => member.Value is not null) ? markers : null);

        json["documentIds"] = Array(form.DocumentIds.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries));
        return JsonSerializer.SerializeToElement(json);
    }

    // Text as typed; empty is absent (the rules trim and check it through the text policy).
    private static JsonValue? Text(string value) => value.Length == 0 ? null : JsonValue.Create(value);

    private static JsonArray Array(IEnumerable<string> values) => [.. values.Select(value => (JsonNode?)JsonValue.Create(value))];

    // A number as a JSON number when it reads as one (the invariant culture, as number inputs send it), else as typed.
    private static JsonValue? Number(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(trimmed);
    }

    // The GeoJSON Point of the latitude and longitude boxes (GeoJSON puts the longitude first).
    private static JsonObject? Location(string latitude, string longitude) =>
        latitude.Trim().Length == 0 && longitude.Trim().Length == 0
            ? null
            : new JsonObject
            {
                ["type"] = "Point",
                ["coordinates"] = new JsonArray(Number(longitude), Number(latitude)),
            };

    // A pasted GeoJSON geometry; text that is not JSON goes as a string, which the rules refuse as no geometry.
    private static JsonNode? Geometry(string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
