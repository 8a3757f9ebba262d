using System.Text.Json;
using System.Text.Json.Nodes;
using CoP.Shared.Projects.Submission;

namespace CoP.Tests.Projects.Submission;

/// <summary>A valid project definition as its JSON, for a test to change; and the rules' references of these tests.</summary>
internal static class ProjectDefinitions
{
    public const string DocumentId = "0123456789abcdef0123456789abcdef";

    public static readonly DateOnly Today = new(2026, 11, 2);

    public static readonly ProjectReferences References = new(
        new HashSet<string>(["biochar", "soil-carbon"], StringComparer.Ordinal),
        new HashSet<string>([DocumentId], StringComparer.Ordinal));

    /// <summary>A biochar project near Kisumu with a square boundary around its point.</summary>
    public static JsonObject Valid(Action<JsonObject>? change = null)
    {
        var json = JsonNode.Parse("""
            {
              "texts": {
                "en": { "title": "Biochar for smallholders in Kisumu", "summary": "Kilns built with farmer groups;\nbiochar mixed with compost." },
                "fr": { "title": "Biochar pour les petits exploitants de Kisumu" }
              },
              "topics": ["biochar"],
              "status": "implementation",
              "iatiIdentifier": "XM-DAC-41114-PROJECT-00123",
              "plannedStart": "2025-01-01",
              "plannedEnd": "2028-12-31",
              "actualStart": "2025-03-01",
              "countries": ["KE"],
              "administrativeArea": "Kisumu County",
              "location": { "type": "Point", "coordinates": [34.768, -0.0917] },
              "exactness": "approximate",
              "publicPrecision": 0.1,
              "boundary": { "type": "Polygon", "coordinates": [[[34.76, -0.1], [34.78, -0.1], [34.78, -0.08], [34.76, -0.08], [34.76, -0.1]]] },
              "areaHectares": 120.5,
              "landUse": "cropland",
              "practices": ["biochar", "compost-and-manure"],
              "carbon": { "standard": "vcs", "methodology": "VM0044", "registryId": "4321", "registryUrl": "https://registry.verra.org/app/projectDetail/VCS/4321", "expectedTco2ePerYear": 850 },
              "organisations": [ { "name": "Soil Trust", "role": "funding", "reference": "XM-DAC-41114" }, { "name": "Kisumu Farmers' Union", "role": "implementing" } ],
              "rioMarkers": { "mitigation": "principal", "adaptation": "significant" },
              "documentIds": []
            }
            """)!.AsObject();
        change?.Invoke(json);
        return json;
    }

    public static JsonElement Element(JsonNode json) => JsonSerializer.SerializeToElement(json);
}
