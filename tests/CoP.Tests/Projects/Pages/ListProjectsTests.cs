using System.Text.RegularExpressions;
using CoP.Shared.Projects;
using CoP.Shared.Templates;
using CoP.Tests.Http;
using static CoP.Tests.Projects.Pages.ProjectPageFlows;

namespace CoP.Tests.Projects.Pages;

/// <summary>The projects list: JSON for scripts, and for browsers the map page whose list works without script.</summary>
public sealed partial class ListProjectsTests(StorageFixture storage)
{
    [Fact]
    public async Task ListsOnlyApprovedProjectsAndNeverTheirExactPointWhenAScriptAsks()
    {
        await using var app = CreateApp(storage);
        var approved = await AddAsync(app, ProjectTestData.NewProject());
        await AddAsync(app, ProjectTestData.NewProject(change: p => p with { ProjectId = ProjectStore.NewProjectId(), Review = ProjectReview.Pending }));
        await AddAsync(app, ProjectTestData.NewProject(change: p => p with { ProjectId = ProjectStore.NewProjectId(), Review = ProjectReview.Rejected, ReviewNote = "Not a soil project." }));

        var answer = await JsonGetAsync(app, "/api/projects");

        Assert.Equal(200, answer.Status);
        Assert.Equal([approved.ProjectId], answer.Json().GetProperty("items").EnumerateArray().Select(p => p.GetProperty("projectId").GetString()));
        Assert.DoesNotContain("34.768", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0917", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("member-1", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Not a soil project", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesABadFilterWithProblemDetailsNamingItWhenAScriptAsks()
    {
        await using var app = CreateApp(storage);

        var answer = await JsonGetAsync(app, "/api/projects?country=Kenya&practice=ploughing");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var errors = answer.Json().GetProperty("errors");
        Assert.True(errors.TryGetProperty("country", out _));
        Assert.True(errors.TryGetProperty("practice", out _));
    }

    [Fact]
    public async Task MapPageListsTheFilteredProjectsWithoutScriptAndAsksTheMapForTheSameFilters()
    {
        await using var app = CreateApp(storage);
        var kenya = await AddAsync(app, ProjectTestData.NewProject());
        var france = await AddAsync(app, Elsewhere("Cover crops in the Beauce", 48.3, 1.5, "FR", Practice.CoverCrops));

        var page = await BrowserGetAsync(app, "/api/projects?country=KE&q=biochar");

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/projects/{kenya.ProjectId}\">Biochar for smallholders in Kisumu</a>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(france.ProjectId, page.Body, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"results\">1 project</h2>", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-geojson=\"/api/projects/map.geojson?country=KE&amp;q=biochar\"", page.Body, StringComparison.Ordinal);
        // The map waits for its script; without it the list is the page.
        Assert.Matches("<div id=\"project-map\" class=\"map\" hidden", page.Body);
        Assert.Contains("value=\"KE\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("34.768", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPageLoadsLeafletFromTheAppAndItsPolicyAllowsExactlyThoseFilesAndTheTiles()
    {
        await using var app = CreateApp(storage);
        await AddAsync(app, ProjectTestData.NewProject());

        var page = await BrowserGetAsync(app, "/api/projects");
        var policy = page.Headers.ContentSecurityPolicy.ToString();

        Assert.Contains("<link rel=\"stylesheet\" href=\"/api/assets/leaflet-1.9.4.css\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/api/assets/leaflet-1.9.4.js\"></script>", page.Body, StringComparison.Ordinal);
        var inline = InlineScript().Match(page.Body).Groups[1].Value;
        Assert.Equal([PageLayout.HashSource(inline), "https://cop.example.org/api/assets/leaflet-1.9.4.js"], PagePolicy.Sources(policy, "script-src"));
        Assert.Contains("https://cop.example.org/api/assets/leaflet-1.9.4.css", PagePolicy.Sources(policy, "style-src-elem"));
        Assert.Equal(["https://tile.openstreetmap.org"], PagePolicy.Sources(policy, "img-src"));
        Assert.Equal(["'self'"], PagePolicy.Sources(policy, "connect-src"));
        Assert.Equal(["'none'"], PagePolicy.Sources(policy, "default-src"));
        Assert.DoesNotContain("'self'", PagePolicy.Sources(policy, "script-src"));
        Assert.DoesNotContain("'unsafe-inline'", PagePolicy.Sources(policy, "script-src"));
        Assert.Contains("data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-attribution=\"© OpenStreetMap contributors\" data-attribution-url=\"https://www.openstreetmap.org/copyright\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPageDrawsTheConfiguredTileServerAndAllowsOnlyItsImages()
    {
        await using var app = CreateApp(storage, new Dictionary<string, string?>
        {
            ["Projects:TileUrl"] = "https://tiles.example.net:8443/osm/{z}/{x}/{y}.png",
            ["Projects:TileAttribution"] = "© Example Tiles <b>& friends</b>",
        });

        var page = await BrowserGetAsync(app, "/api/projects");

        Assert.Equal(["https://tiles.example.net:8443"], PagePolicy.Sources(page.Headers.ContentSecurityPolicy.ToString(), "img-src"));
        Assert.Contains("data-tiles=\"https://tiles.example.net:8443/osm/{z}/{x}/{y}.png\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("data-attribution=\"© Example Tiles &lt;b&gt;&amp; friends&lt;/b&gt;\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedFiltersShowTheFormWithTheirErrorsAndNeitherListNorMap()
    {
        await using var app = CreateApp(storage);
        await AddAsync(app, ProjectTestData.NewProject());

        var page = await BrowserGetAsync(app, "/api/projects?country=Kenya&status=ongoing");

        Assert.Equal(400, page.Status);
        Assert.Contains("<a href=\"#country\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("id=\"country\" name=\"country\" value=\"Kenya\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("project-map", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Biochar for smallholders", page.Body, StringComparison.Ordinal);
        PagePolicy.AssertRendersWithoutScript(page);
    }

    [Fact]
    public async Task MapPageEncodesWhatMembersWrote()
    {
        await using var app = CreateApp(storage);
        await AddAsync(app, Elsewhere("<script>alert(1)</script> \"quoted\"", 1, 1, "KE"));

        var page = await BrowserGetAsync(app, "/api/projects");

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesNavigationLinksEventsAndProjectsAndMarksTheMapPage()
    {
        await using var app = CreateApp(storage);

        var page = await BrowserGetAsync(app, "/api/projects?lang=fr");

        Assert.Contains("<a href=\"/api/events\">Événements</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/api/projects\" aria-current=\"page\">Projets</a>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<main id=\"main\" class=\"wide\">", page.Body, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
