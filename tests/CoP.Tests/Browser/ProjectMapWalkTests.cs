using System.Text.RegularExpressions;
using CoP.Shared.Projects;
using CoP.Tests.Projects;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// The projects map in a real browser: the markers of the filtered projects (and of no other) come from the GeoJSON,
/// a marker opens its project's page with its own map and timeline, and without the map library the list still is the
/// page. Tiles are answered by the test (a blank image), so nothing leaves the machine; the map's GeoJSON comes from the
/// app's own route, under the query the page asked. Each page passes
/// <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ProjectMapWalkTests(StorageFixture storage, BrowserFixture browser)
{
    // A 1×1 PNG: every tile of the map.
    private static readonly byte[] Tile = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task TheMapShowsAMarkerForEachFilteredProjectAndOneOpensItsPage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        var store = host.App.Get<ProjectStore>();
        var kisumu = ProjectTestData.NewProject();
        var nakuru = Located(ProjectTestData.NewProject(), "Grazing plan in Nakuru", -0.3, 36.07, "KE");
        var beauce = Located(ProjectTestData.NewProject(), "Cover crops in the Beauce", 48.3, 1.5, "FR");
        var pending = Located(ProjectTestData.NewProject(change: p => p with { Review = ProjectReview.Pending }), "Not reviewed yet", 10, 10, "KE");
        foreach (var project in new[] { kisumu, nakuru, beauce, pending })
        {
            await store.AddAsync(project, Ct);
        }

        await host.App.Get<ProjectProgressStore>().AddAsync(
            new ProjectProgress(kisumu.ProjectId, ProjectProgressStore.NewUpdateId(), new DateOnly(2026, 10, 1), "en", "Twelve kilns built with the farmer groups.", [], "member-1", ProjectTestData.Start), Ct);
        await using var context = await browser.NewContextAsync(host);
        await context.RouteAsync("https://tile.openstreetmap.org/**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Tile }));
        var asked = new List<string>();
        await context.RouteAsync(new Regex("/api/projects/map\\.geojson"), async route =>
        {
            // Only noted: the app's own route answers.
            asked.Add(new Uri(route.Request.Url).Query);
            await route.ContinueAsync();
        });
        var page = await context.NewPageAsync();

        // Kenya only: two markers, two rows.
        await page.GotoAsync(host.Url("api/projects?country=KE").ToString());
        var markers = page.Locator("#project-map path.leaflet-interactive");
        await markers.Nth(1).WaitForAsync();
        Assert.Equal(2, await markers.CountAsync());
        Assert.Equal("?country=KE", asked[0]);
        Assert.Equal(2, await page.Locator(".projects-list .cards > li").CountAsync());
        Assert.DoesNotContain("Not reviewed yet", await page.ContentAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "projects-en");

        // The form clears the filter: three markers.
        await page.GetByRole(AriaRole.Link, new() { Name = "Clear the filters" }).ClickAsync();
        await page.WaitForURLAsync("**/api/projects", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await markers.Nth(2).WaitForAsync();
        Assert.Equal(3, await markers.CountAsync());

        // A marker's popup links to its project's page, with its own map and its timeline.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Country" }).FillAsync("FR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show projects" }).ClickAsync();
        await page.WaitForURLAsync("**/api/projects?**country=FR**", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await markers.First.WaitForAsync();
        Assert.Equal(1, await markers.CountAsync());
        await markers.First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Cover crops in the Beauce" }).Last.ClickAsync();
        await page.WaitForURLAsync($"**/api/projects/{beauce.ProjectId}", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("#project-map path").First.WaitForAsync();
        await Pages.CheckAsync(page, "project-beauce-en");

        await page.GotoAsync(host.Url($"api/projects/{kisumu.ProjectId}?lang=fr").ToString());
        await page.Locator("#project-map path").First.WaitForAsync();
        Assert.Contains("Twelve kilns built with the farmer groups.", await page.Locator("ol.timeline").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("34.768", await page.ContentAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "project-fr");
    }

    [Fact]
    public async Task TheListIsThePageWhenTheMapCannotLoad()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        var project = ProjectTestData.NewProject();
        await host.App.Get<ProjectStore>().AddAsync(project, Ct);
        await using var context = await browser.NewContextAsync(host, locale: "es-ES");
        await context.RouteAsync("**/api/assets/leaflet-1.9.4.js", route => route.AbortAsync());
        var page = await context.NewPageAsync();

        await page.GotoAsync(host.Url("api/projects").ToString());

        Assert.True(await page.Locator("#project-map").IsHiddenAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Biochar for smallholders in Kisumu" }).ClickAsync();
        await page.WaitForURLAsync($"**/api/projects/{project.ProjectId}", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("main h1").WaitForAsync();
        Assert.True(await page.Locator("#project-map").IsHiddenAsync());
        Assert.Contains("Biocarbón", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "project-nomap-es");
    }

    private static Project Located(Project project, string title, double latitude, double longitude, string country) => project with
    {
        ProjectId = ProjectStore.NewProjectId(),
        Texts = new Dictionary<string, ProjectText> { ["en"] = new(title, null) },
        Countries = [country],
        AdministrativeArea = null,
        Location = project.Location with { Point = new(latitude, longitude) },
    };
}
