using CoP.Functions.Http.Assets;
using CoP.Tests.Http;
using CoP.TestSupport;

namespace CoP.Tests.Projects.Pages;

/// <summary>The files the pages load from the app: Leaflet, exactly as vendored, kept by browsers for a year; nothing else.</summary>
public sealed class PageAssetTests(StorageFixture storage)
{
    public static TheoryData<string, string> Assets() => new()
    {
        { PageAssets.LeafletScript, "text/javascript; charset=utf-8" },
        { PageAssets.LeafletStyle, "text/css; charset=utf-8" },
        { PageAssets.LeafletLicence, "text/plain; charset=utf-8" },
    };

    [Theory]
    [MemberData(nameof(Assets))]
    public async Task AnswersEachAssetAsVendoredWithItsTypeAndAYearLongImmutableCache(string fileName, string contentType)
    {
        await using var app = TestApp.Create(storage);

        var answer = await GetAsync(app, fileName);

        Assert.Equal(200, answer.Status);
        Assert.Equal(contentType, answer.ContentType);
        Assert.Equal("public, max-age=31536000, immutable", answer.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", answer.Headers.XContentTypeOptions.ToString());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "functions", "Http", "Assets", fileName), TestContext.Current.CancellationToken), answer.Body);
        Assert.Equal($"/api/assets/{fileName}", PageAssets.Path(fileName));
    }

    [Theory]
    [InlineData("leaflet.js")]
    [InlineData("Leaflet-1.9.4.js")]
    [InlineData("leaflet-1.9.4.js.map")]
    [InlineData("leaflet-1.9.3.js")]
    [InlineData("../openapi.json")]
    [InlineData("openapi.json")]
    [InlineData("page.css")]
    [InlineData("upload.js")]
    [InlineData("events.en.html.liquid")]
    public async Task AnswersNotFoundForAnyNameOffTheList(string fileName)
    {
        await using var app = TestApp.Create(storage);

        var answer = await GetAsync(app, fileName);

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.DoesNotContain("immutable", answer.Headers.CacheControl.ToString(), StringComparison.Ordinal);
        Assert.Null(PageAssets.Find(fileName));
    }

    [Fact]
    public void TheVendoredLeafletIsVersion194WithItsLicence()
    {
        var root = Path.Combine(RepositoryRoot.Find(), "functions", "Http", "Assets");

        Assert.Contains("t.version=\"1.9.4\"", File.ReadAllText(Path.Combine(root, PageAssets.LeafletScript)), StringComparison.Ordinal);
        Assert.StartsWith("BSD 2-Clause License", File.ReadAllText(Path.Combine(root, PageAssets.LeafletLicence)), StringComparison.Ordinal);
        Assert.Contains(".leaflet-container", File.ReadAllText(Path.Combine(root, PageAssets.LeafletStyle)), StringComparison.Ordinal);
    }

    private static Task<TestResponse> GetAsync(TestApp app, string fileName) =>
        WorkerPipeline.RunAsync(
            app,
            app.Get($"/api/assets/{Uri.EscapeDataString(fileName)}"),
            r => Task.FromResult(app.Function<GetPageAssetFunction>().GetPageAsset(r, fileName)),
            "GetPageAsset");
}
