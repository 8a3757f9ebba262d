using System.Text;
using System.Text.Json.Nodes;
using CoP.Tests.Members;
using static CoP.Tests.Projects.Submission.ProjectDefinitions;
using static CoP.Tests.Projects.Submission.SubmissionTestFlows;

namespace CoP.Tests.Projects.Submission;

/// <summary>
/// Malformed and malicious submissions: each gets its 4xx problem naming the field, never a 5xx, and nothing is stored
/// (no project row, no boundary blob).
/// </summary>
public sealed class HostileProjectTests(StorageFixture storage)
{
    private const string Json = "application/json";

    public static TheoryData<string, string, string?, int, string> Submissions()
    {
        static string With(Action<JsonObject> change) => Valid(change).ToJsonString();
        static Action<JsonObject> Set(string field, JsonNode? value) => d => d[field] = value;
        static Action<JsonObject> English(string field, JsonNode? value) => d => d["texts"]!["en"]![field] = value;
        static Action<JsonObject> Carbon(string field, JsonNode? value) => d => d["carbon"]![field] = value;
        static JsonNode Point(double longitude, double latitude) => new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(longitude, latitude) };
        static JsonNode Polygon(params double[][] ring) => new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(new JsonArray([.. ring.Select(p => (JsonNode?)new JsonArray(p[0], p[1]))])),
        };
        static JsonNode Circle(int vertices, double radius, int decimals)
        {
            var ring = Enumerable.Range(0, vertices)
                .Select(i => new[] { Math.Round(34.768 + (radius * Math.Cos(2 * Math.PI * i / vertices)), decimals), Math.Round(-0.0917 + (radius * Math.Sin(2 * Math.PI * i / vertices)), decimals) })
                .ToList();
            ring.Add(ring[0]);
            return Polygon([.. ring]);
        }

        var deep = new StringBuilder("{\"texts\":").Append('[', 40).Append(']', 40).Append('}').ToString();
        var bowtie = Polygon([34.76, -0.1], [34.78, -0.08], [34.78, -0.1], [34.76, -0.08], [34.76, -0.1]);
        return new TheoryData<string, string, string?, int, string>
        {
            { "broken json", "{", Json, 400, "body" },
            { "array root", "[]", Json, 400, "body" },
            { "null root", "null", Json, 400, "body" },
            { "empty body", "", Json, 400, "body" },
            { "deep nesting", deep, Json, 400, "body" },
            { "form post", "title=Biochar", "application/x-www-form-urlencoded", 415, "" },
            { "no content type", With(_ => { }), null, 415, "" },
            { "utf-16 charset", With(_ => { }), "application/json; charset=utf-16", 415, "" },
            { "oversized body", With(English("summary", new string('x', 400_000))), Json, 413, "" },
            { "unknown field", With(Set("owner", "member-1")), Json, 400, "owner" },
            { "contact smuggled in", With(Set("contactMemberId", "someone-else")), Json, 400, "contactMemberId" },
            { "review smuggled in", With(Set("review", "approved")), Json, 400, "review" },
            { "field sent twice", With(_ => { }).Replace("\"status\":\"implementation\"", "\"status\":\"implementation\",\"status\":\"closed\"", StringComparison.Ordinal), Json, 400, "status" },
            { "no texts", With(d => d.Remove("texts")), Json, 400, "texts" },
            { "texts as a string", With(Set("texts", "Biochar")), Json, 400, "texts" },
            { "text in an unknown language", With(d => d["texts"]!["de"] = new JsonObject { ["title"] = "Pflanzenkohle" }), Json, 400, "texts.de" },
            { "title missing", With(English("title", null)), Json, 400, "texts.en.title" },
            { "title blank", With(English("title", " \u200B ")), Json, 400, "texts.en.title" },
            { "title with a control character", With(English("title", "<b>Biochar</b>\u0007")), Json, 400, "texts.en.title" },
            { "title with a line break", With(English("title", "Biochar\nKisumu")), Json, 400, "texts.en.title" },
            { "title reversed", With(English("title", "\u202Eumusik rahcoib")), Json, 400, "texts.en.title" },
            { "title too long", With(English("title", new string('t', 151))), Json, 400, "texts.en.title" },
            { "title a number", With(English("title", 42)), Json, 400, "texts.en.title" },
            { "summary with a tag character", With(English("summary", "Soil\U000E0041")), Json, 400, "texts.en.summary" },
            { "summary too long", With(English("summary", new string('s', 2001))), Json, 400, "texts.en.summary" },
            { "summaries of emoji too long to store", With(d => { foreach (var l in new[] { "en", "fr", "es" }) { d["texts"]![l] = new JsonObject { ["title"] = "T", ["summary"] = string.Concat(Enumerable.Repeat("\U0001F331", 999)) }; } }), Json, 400, "texts" },
            { "no topic", With(Set("topics", new JsonArray())), Json, 400, "topics" },
            { "unknown topic", With(Set("topics", new JsonArray("crypto"))), Json, 400, "topics" },
            { "topic path", With(Set("topics", new JsonArray("../topics"))), Json, 400, "topics" },
            { "topic a number", With(Set("topics", new JsonArray(7))), Json, 400, "topics" },
            { "six topics", With(Set("topics", new JsonArray("biochar", "biochar", "biochar", "biochar", "biochar", "biochar"))), Json, 400, "topics" },
            { "status missing", With(d => d.Remove("status")), Json, 400, "status" },
            { "status by IATI code", With(Set("status", 2)), Json, 400, "status" },
            { "status upper case", With(Set("status", "Implementation")), Json, 400, "status" },
            { "iati identifier with spaces", With(Set("iatiIdentifier", "XM DAC 41114")), Json, 400, "iatiIdentifier" },
            { "iati identifier with markup", With(Set("iatiIdentifier", "<script>")), Json, 400, "iatiIdentifier" },
            { "date not a date", With(Set("plannedStart", "next spring")), Json, 400, "plannedStart" },
            { "date with a time", With(Set("plannedStart", "2025-01-01T00:00:00Z")), Json, 400, "plannedStart" },
            { "date in year 0001", With(Set("plannedStart", "0001-01-01")), Json, 400, "plannedStart" },
            { "planned end before start", With(Set("plannedEnd", "2024-12-31")), Json, 400, "plannedEnd" },
            { "actual start in the future", With(Set("actualStart", "2027-01-01")), Json, 400, "actualStart" },
            { "actual end before actual start", With(Set("actualEnd", "2025-02-01")), Json, 400, "actualEnd" },
            { "no country", With(Set("countries", new JsonArray())), Json, 400, "countries" },
            { "country lower case", With(Set("countries", new JsonArray("ke"))), Json, 400, "countries" },
            { "country alpha-3", With(Set("countries", new JsonArray("KEN"))), Json, 400, "countries" },
            { "country not assigned", With(Set("countries", new JsonArray("XK"))), Json, 400, "countries" },
            { "eleven countries", With(Set("countries", new JsonArray([.. Enumerable.Range(0, 11).Select(_ => (JsonNode?)"KE")]))), Json, 400, "countries" },
            { "administrative area with a control character", With(Set("administrativeArea", "Kisumu\u001B[31m")), Json, 400, "administrativeArea" },
            { "no location", With(d => d.Remove("location")), Json, 400, "location" },
            { "location as lat/lng object", With(Set("location", new JsonObject { ["latitude"] = -0.09, ["longitude"] = 34.77 })), Json, 400, "location" },
            { "location a polygon", With(Set("location", bowtie.DeepClone())), Json, 400, "location" },
            { "location with a crs", With(d => d["location"]!["crs"] = new JsonObject { ["type"] = "name" }), Json, 400, "location" },
            { "location latitude 91", With(Set("location", Point(34.77, 91))), Json, 400, "location" },
            { "location longitude 181", With(Set("location", Point(181, -0.09))), Json, 400, "location" },
            { "location with altitude", With(Set("location", new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(34.77, -0.09, 1200) })), Json, 400, "location" },
            { "location with one coordinate", With(Set("location", new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(34.77) })), Json, 400, "location" },
            { "location coordinates as strings", With(Set("location", new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray("34.77", "-0.09") })), Json, 400, "location" },
            { "location overflowing number", With(_ => { }).Replace("[34.768,-0.0917]", "[1e400,-0.0917]", StringComparison.Ordinal), Json, 400, "location" },
            { "unknown exactness", With(Set("exactness", "roughly")), Json, 400, "exactness" },
            { "public precision of a metre", With(Set("publicPrecision", 0.00001)), Json, 400, "publicPrecision" },
            { "public precision a string", With(Set("publicPrecision", "0.1")), Json, 400, "publicPrecision" },
            { "self-intersecting boundary", With(Set("boundary", bowtie)), Json, 400, "boundary" },
            { "unclosed boundary", With(Set("boundary", Polygon([34.76, -0.1], [34.78, -0.1], [34.78, -0.08], [34.76, -0.08]))), Json, 400, "boundary" },
            { "boundary a point", With(Set("boundary", Point(34.77, -0.09))), Json, 400, "boundary" },
            { "boundary far from the location", With(Set("boundary", Polygon([2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.9], [2.3, 48.8]))), Json, 400, "boundary" },
            { "boundary around a continent", With(Set("boundary", Polygon([20, -20], [50, -20], [50, 10], [20, 10], [20, -20]))), Json, 400, "boundary" },
            { "boundary off the map", With(Set("boundary", Polygon([34.76, -0.1], [34.78, -0.1], [34.78, 95], [34.76, -0.1]))), Json, 400, "boundary" },
            { "boundary with too many vertices", With(Set("boundary", Circle(12_000, 0.01, 5))), Json, 400, "boundary" },
            { "boundary over 256 KiB", With(Set("boundary", Circle(7_000, 0.012345678901234, 14))), Json, 400, "boundary" },
            { "boundary feature instead of geometry", With(Set("boundary", new JsonObject { ["type"] = "Feature", ["geometry"] = bowtie.DeepClone() })), Json, 400, "boundary" },
            { "area negative", With(Set("areaHectares", -5)), Json, 400, "areaHectares" },
            { "area a string", With(Set("areaHectares", "120")), Json, 400, "areaHectares" },
            { "unknown land use", With(Set("landUse", "moon")), Json, 400, "landUse" },
            { "no practice", With(Set("practices", new JsonArray())), Json, 400, "practices" },
            { "unknown practice", With(Set("practices", new JsonArray("terra-preta-nft"))), Json, 400, "practices" },
            { "practice by member name", With(Set("practices", new JsonArray("CoverCrops"))), Json, 400, "practices" },
            { "huge practice list", With(Set("practices", new JsonArray([.. Enumerable.Range(0, 5_000).Select(_ => (JsonNode?)"biochar")]))), Json, 400, "practices" },
            { "carbon a string", With(Set("carbon", "vcs")), Json, 400, "carbon" },
            { "unknown standard", With(Carbon("standard", "carbon-coin")), Json, 400, "carbon.standard" },
            { "vcs with another methodology", With(Carbon("methodology", "VM0001")), Json, 400, "carbon.methodology" },
            { "vcs without methodology", With(Carbon("methodology", null)), Json, 400, "carbon.methodology" },
            { "methodology without a standard", With(Set("carbon", new JsonObject { ["standard"] = "none", ["methodology"] = "VM0042" })), Json, 400, "carbon.methodology" },
            { "http registry url", With(Carbon("registryUrl", "http://registry.verra.org/4321")), Json, 400, "carbon.registryUrl" },
            { "javascript registry url", With(Carbon("registryUrl", "javascript:alert(1)")), Json, 400, "carbon.registryUrl" },
            { "negative tonnes", With(Carbon("expectedTco2ePerYear", -1)), Json, 400, "carbon.expectedTco2ePerYear" },
            { "unknown carbon field", With(Carbon("price", 12)), Json, 400, "carbon.price" },
            { "organisation without name", With(d => d["organisations"]![0]!["name"] = null), Json, 400, "organisations[0].name" },
            { "organisation with markup and a bell", With(d => d["organisations"]![1]!["name"] = "<img src=x onerror=alert(1)>\u0007"), Json, 400, "organisations[1].name" },
            { "organisation role by IATI code", With(d => d["organisations"]![0]!["role"] = 1), Json, 400, "organisations[0].role" },
            { "organisation null", With(Set("organisations", new JsonArray((JsonNode?)null))), Json, 400, "organisations[0]" },
            { "21 organisations", With(Set("organisations", new JsonArray([.. Enumerable.Range(0, 21).Select(i => (JsonNode?)new JsonObject { ["name"] = $"Org {i}", ["role"] = "funding" })]))), Json, 400, "organisations" },
            { "unknown rio marker", With(d => d["rioMarkers"]!["biodiversity"] = "principal"), Json, 400, "rioMarkers.biodiversity" },
            { "rio marker by number", With(d => d["rioMarkers"]!["mitigation"] = 2), Json, 400, "rioMarkers.mitigation" },
            { "document not in the catalog", With(Set("documentIds", new JsonArray("fedcba9876543210fedcba9876543210"))), Json, 400, "documentIds" },
            { "document id as a path", With(Set("documentIds", new JsonArray("../../documents/x"))), Json, 400, "documentIds" },
        };
    }

    [Theory]
    [MemberData(nameof(Submissions))]
    public async Task HostileSubmissionsAreRefusedNamingTheFieldAndStoreNothing(string label, string body, string? contentType, int expectedStatus, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);

        var response = await SubmitRawAsync(app, token, body, contentType);

        Assert.True(response.Status == expectedStatus, $"{label}: {response.Status} {response.Body}");
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        if (field.Length > 0)
        {
            Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _), $"{label}: {response.Body}");
        }

        Assert.Equal(0, await MemberTestFlows.RowCountAsync(app, "Projects"));
        Assert.Empty(await BoundaryBlobsAsync(app));
    }

    [Fact]
    public async Task TheValidDefinitionOfTheseTestsIsStoredWithItsBoundary()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (_, token) = await OwnerAsync(app);

        var response = await SubmitAsync(app, token, Valid());

        Assert.True(response.Status == 201, response.Body);
        Assert.Single(await BoundaryBlobsAsync(app));
    }
}
