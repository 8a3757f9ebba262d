using System.Text.Json;
using CoP.Shared.Projects;
using CoP.Tests.Contract;
using NetTopologySuite.Geometries;
using static CoP.Tests.Projects.Catalog.CatalogTestFlows;
using static CoP.Tests.Projects.ProjectTestData;

namespace CoP.Tests.Projects.Catalog;

/// <summary>
/// GET /api/projects/map.geojson as map tools call it: RFC 7946 that NetTopologySuite reads back, public points only,
/// flat string properties, the filters, the ETag with 304, and a new map after an approval.
/// </summary>
public sealed class ProjectGeoJsonTests(StorageFixture storage)
{
    [Fact]
    public async Task TheMapIsAFeatureCollectionOfPublicPointsThatNetTopologySuiteReadsBack()
    {
        await using var app = TestApp.Create(storage);
        var kisumu = NewProject("member-contact-42");
        var samoa = At("Samoa", -13.8333, -171.7667, 5, p => p with { Countries = ["WS"], Topics = ["agroforestry", "soil-health"] });
        await StoreAsync(app, kisumu, samoa);

        var response = await GetGeoJsonAsync(app);

        Assert.Equal(200, response.Status);
        Assert.Equal("application/geo+json", response.ContentType);
        var features = ReadFeatures(response.Body);
        Assert.Equal(2, features.Count);
        var first = features[0];
        var point = Assert.IsType<Point>(first.Geometry);
        Assert.Equal((-171.8, -13.8), (point.X, point.Y));
        Assert.Equal(samoa.ProjectId, first.Attributes["id"]);
        Assert.Equal("Samoa", first.Attributes["title"]);
        Assert.Equal("implementation", first.Attributes["status"]);
        Assert.Equal("agroforestry,soil-health", first.Attributes["topics"]);
        Assert.Equal("biochar,compost-and-manure", first.Attributes["practices"]);
        Assert.Equal("vcs", first.Attributes["standard"]);
        Assert.Equal("WS", first.Attributes["country"]);
        Assert.Equal($"https://cop.example.org/api/projects/{samoa.ProjectId}", first.Attributes["url"]);
        Assert.Equal((34.8, -0.1), (((Point)features[1].Geometry).X, ((Point)features[1].Geometry).Y));
    }

    [Fact]
    public async Task TheMapKeepsToRfc7946AndNeverHoldsTheExactPointOrTheContact()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, NewProject("member-contact-42", p => p with { ReviewNote = "Internal note" }));

        var body = (await GetGeoJsonAsync(app)).Body;

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        Assert.False(root.TryGetProperty("crs", out _));
        var feature = root.GetProperty("features")[0];
        Assert.False(feature.TryGetProperty("crs", out _));
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(2, coordinates.GetArrayLength());
        Assert.All(coordinates.EnumerateArray(), c => Assert.Equal(JsonValueKind.Number, c.ValueKind));
        Assert.Equal(34.8, coordinates[0].GetDouble());
        Assert.All(feature.GetProperty("properties").EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
        Assert.Empty(OpenApiContract.Embedded.Validate("/components/schemas/ProjectFeatureCollection", body));
        Assert.DoesNotContain(ExactLatitude, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ExactLongitude, body, StringComparison.Ordinal);
        Assert.DoesNotContain("member-contact-42", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal note", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatHoldsTheMapGets304UntilAProjectIsApproved()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, At("One", 1, 1, 1));
        var pending = (await StoreAsync(app, At("Two", 2, 2, 2, p => p with { Review = ProjectReview.Pending })))[0];

        var first = await GetGeoJsonAsync(app);
        var etag = first.Headers.ETag.ToString();
        var again = await GetGeoJsonAsync(app, ifNoneMatch: etag);
        var weak = await GetGeoJsonAsync(app, ifNoneMatch: "\"other\", W/" + etag);
        var stored = (await app.Get<ProjectStore>().GetAsync(pending.ProjectId, Ct))!;
        await app.Get<ProjectStore>().TryReplaceAsync(stored.Project with { Review = ProjectReview.Approved }, stored.Version, Ct);
        var afterApproval = await GetGeoJsonAsync(app, ifNoneMatch: etag);

        Assert.Equal("public, no-cache", first.Headers.CacheControl.ToString());
        Assert.Equal(304, again.Status);
        Assert.Equal("", again.Body);
        Assert.Equal(304, weak.Status);
        Assert.Equal(200, afterApproval.Status);
        Assert.NotEqual(etag, afterApproval.Headers.ETag.ToString());
        Assert.Equal(2, ReadFeatures(afterApproval.Body).Count);
    }

    [Fact]
    public async Task TheUnfilteredMapIsTheSameBytesOnEveryRequest()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, At("One", 1, 1, 1), At("Two", 2, 2, 2));

        var first = await GetGeoJsonAsync(app);
        var second = await GetGeoJsonAsync(app);

        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers.ETag.ToString(), second.Headers.ETag.ToString());
    }

    [Fact]
    public async Task TheMapTakesTheListsFiltersAcrossTheAntimeridianToo()
    {
        await using var app = TestApp.Create(storage);
        var fiji = At("Fiji", -18.14, 178.44, 1);
        var samoa = At("Samoa", -13.83, -171.76, 2);
        var greenwich = At("Greenwich", 51.48, 0, 3, p => p with { Countries = ["GB"] });
        await StoreAsync(app, fiji, samoa, greenwich);

        Assert.Equal([samoa.ProjectId, fiji.ProjectId], Ids((await GetGeoJsonAsync(app, "?bbox=170,-20,-170,0")).Body));
        Assert.Equal([greenwich.ProjectId], Ids((await GetGeoJsonAsync(app, "?country=gb")).Body));
        Assert.Equal([fiji.ProjectId], Ids((await GetGeoJsonAsync(app, "?q=fiji")).Body));
        Assert.Empty(Ids((await GetGeoJsonAsync(app, "?status=closed")).Body));
    }

    [Fact]
    public async Task TitlesFollowTheLanguageAskedFor()
    {
        await using var app = TestApp.Create(storage);
        await StoreAsync(app, NewProject());

        var french = ReadFeatures((await GetGeoJsonAsync(app, "?lang=fr")).Body);
        var english = ReadFeatures((await GetGeoJsonAsync(app, "?lang=en")).Body);

        Assert.Equal("Biochar pour les petits exploitants de Kisumu", french[0].Attributes["title"]);
        Assert.Equal("Biochar for smallholders in Kisumu", english[0].Attributes["title"]);
    }

    [Theory]
    [InlineData("?bbox=10,20", "bbox")]
    [InlineData("?status=unknown", "status")]
    [InlineData("?q=%3Cscript%3E%E2%80%AE", "q")]
    [InlineData("?country=KE&country=UG", "country")]
    public async Task ABadFilterIsAProblemNamingIt(string query, string field)
    {
        await using var app = TestApp.Create(storage);

        var response = await GetGeoJsonAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.True(response.Json().GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AnEmptyMapIsAnEmptyFeatureCollection()
    {
        await using var app = TestApp.Create(storage);

        var response = await GetGeoJsonAsync(app);

        Assert.Equal(200, response.Status);
        Assert.Equal("{\"type\":\"FeatureCollection\",\"features\":[]}", response.Body);
    }
}
