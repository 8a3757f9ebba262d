using System.Text.RegularExpressions;
using CoP.Shared.Members;
using CoP.Shared.Projects;
using CoP.Shared.Topics;
using CoP.Tests.Console;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// A project's life walked in Chromium: a member maps it from the form (opened from a profile link), lands on its edit
/// page waiting for review; an operator approves it in the console; the member finds its marker on the map page and its
/// row in the list, opens its page and posts a progress note from the form there, which the timeline then shows. Tiles
/// are answered by the test (a blank image). Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ProjectWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Title = "Cover crops in the Beauce";
    private const string Note = "Eleven of the twelve farms sowed their cover crops before the rains.";

    // A 1×1 PNG: every tile of the map.
    private static readonly byte[] Tile = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task AMemberMapsAProjectAnOperatorApprovesItAndTheMemberPostsProgress()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        await host.App.Get<TopicStore>().UpsertAsync("soil-carbon", "Soil carbon", null, Ct);
        await using var context = await browser.NewContextAsync(host);
        await context.RouteAsync("https://tile.openstreetmap.org/**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Tile }));
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "fatou.projects@example.org");

        // The member opens the form from a profile link and fills it.
        var token = host.App.Get<MemberTokenService>().Issue(member.MemberId, member.LinkGeneration, TokenPurpose.Profile);
        await page.GotoAsync(host.Url($"api/projects/new?token={token}&lang=en").ToString());
        await page.Locator("#texts-en-title").WaitForAsync();
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, "project-form-en");
        await FillAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the project for review" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/api/projects/[^/]+/edit\\?submitted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("p.notice[role=status]").WaitForAsync();
        Assert.Contains("Waiting for review", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "project-submitted-en");
        var projectId = new Uri(page.Url).AbsolutePath.Split('/')[3];
        var stored = (await host.App.Get<ProjectStore>().GetAsync(projectId, Ct))!.Project;
        Assert.Equal(ProjectReview.Pending, stored.Review);
        Assert.Equal(member.MemberId, stored.ContactMemberId);

        // Until approved, the map does not show it.
        await page.GotoAsync(host.Url("api/projects").ToString());
        Assert.Equal(0, await page.Locator(".projects-list .cards > li").CountAsync());

        // An operator approves it in the console.
        await using (var consoleContext = await browser.NewContextAsync(host))
        {
            var console = await consoleContext.NewPageAsync();
            await ConsoleWalks.SignInAsync(host, console);
            await console.GotoAsync(host.Url($"api/console/projects/{projectId}").ToString());
            await Pages.CheckAsync(console, "console-project-submitted-en");
            await console.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
            await console.WaitForURLAsync(new Regex("[?&]done=approved"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
            await Assertions.Expect(console.GetByRole(AriaRole.Status).First).ToContainTextAsync($"Approved: {Title}");
        }

        // The member finds its marker on the map and its row in the list.
        await page.GotoAsync(host.Url("api/projects").ToString());
        var markers = page.Locator("#project-map path.leaflet-interactive");
        await markers.First.WaitForAsync();
        Assert.Equal(1, await markers.CountAsync());
        var rows = page.Locator(".projects-list .cards > li");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains(Title, await rows.First.InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "projects-walk-en");

        // From its row, the project's page; the member posts a progress note with the form there.
        await rows.First.GetByRole(AriaRole.Link, new() { Name = Title }).ClickAsync();
        await page.WaitForURLAsync($"**/api/projects/{projectId}", new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("#progress-text").WaitForAsync();
        await Pages.CheckAsync(page, "project-owner-en");
        await page.Locator("#progress-text").FillAsync(Note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the note" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]posted=1"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await page.Locator("p.notice[role=status]").WaitForAsync();

        await page.GotoAsync(host.Url($"api/projects/{projectId}").ToString());
        await page.Locator("ol.timeline").WaitForAsync();
        Assert.Contains(Note, await page.Locator("ol.timeline").InnerTextAsync(), StringComparison.Ordinal);
        await Pages.CheckAsync(page, "project-timeline-en");
        var note = Assert.Single(await host.App.Get<ProjectProgressStore>().ListAsync(projectId, Ct));
        Assert.Equal(member.MemberId, note.AuthorMemberId);
    }

    // The form filled as a member would: every kind of field (text, checkbox, radio, select, date, number).
    private static async Task FillAsync(IPage page)
    {
        await page.Locator("#texts-en-title").FillAsync(Title);
        await page.Locator("#texts-en-summary").FillAsync("Twelve farms sow cover crops between wheat and maize.");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Soil carbon" }).CheckAsync();
        await page.Locator("#status").SelectOptionAsync("implementation");
        await page.Locator("#plannedStart").FillAsync("2024-09-01");
        await page.Locator("#plannedEnd").FillAsync("2027-08-31");
        await page.Locator("#countries").SelectOptionAsync("FR");
        await page.Locator("#administrativeArea").FillAsync("Eure-et-Loir");
        await page.Locator("#location-latitude").FillAsync("48.4469");
        await page.Locator("#location-longitude").FillAsync("1.4892");
        await page.Locator("input[name=exactness][value=approximate]").CheckAsync();
        await page.Locator("#publicPrecision").SelectOptionAsync("0.1");
        await page.Locator("#areaHectares").FillAsync("850");
        await page.Locator("#landUse").SelectOptionAsync("cropland");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Cover crops" }).CheckAsync();
        await page.Locator("#carbon-standard").SelectOptionAsync("vcs");
        await page.Locator("#carbon-methodology").FillAsync("VM0042");
        await page.Locator("#organisations-0-name").FillAsync("Beauce Sols Vivants");
        await page.Locator("#organisations-0-role").SelectOptionAsync("implementing");
        await page.Locator("#rioMarkers-mitigation").SelectOptionAsync("principal");
    }
}
