using System.Text.RegularExpressions;
using CoP.Shared.Projects;
using CoP.Tests.Browser;
using Microsoft.Playwright;
using static CoP.Tests.Console.ConsoleProjectFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The projects area walked in Chromium by a signed-in operator: from the overview's count to the queue, a submission's
/// page approved onto the map; a project without a contact given one by address; a rejection without a note refused
/// beside the field. Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleProjectsWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Title = "Biochar for smallholders in Kisumu";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorApprovesASubmissionFromTheQueueAndGivesAnOrphanedProjectANewContact()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        var owner = await ConfirmedAsync(host, "amina.diallo@example.org");
        var pending = (await StoreAsync(host, owner.MemberId, Pending)).Project.ProjectId;
        var orphan = (await StoreAsync(host, null, p => p with { Texts = new Dictionary<string, ProjectText> { ["en"] = new("Agroforestry in Kakamega", null) } })).Project.ProjectId;
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        await GoToLinkAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "project(s) awaiting review" }));
        await Pages.CheckAsync(page, "console-projects-en");
        await GoToLinkAsync(page, page.GetByRole(AriaRole.Link, new() { Name = Title, Exact = true }).First);
        Assert.EndsWith($"/api/console/projects/{pending}", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-project-pending-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=approved"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync($"Approved: {Title}");
        await Pages.CheckAsync(page, "console-projects-approved-en");
        Assert.Equal(ProjectReview.Approved, (await ReadAsync(host, pending)).Review);

        await page.GotoAsync($"api/console/projects/{orphan}?lang=fr");
        await Pages.CheckAsync(page, "console-project-orphan-fr");
        await page.GetByLabel("Identifiant ou adresse électronique du membre").FillAsync("amina.diallo@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Attribuer le contact" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=contact"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByText("Le contact est attribué.")).ToBeVisibleAsync();
        await Pages.CheckAsync(page, "console-project-contact-fr");
        Assert.Equal(owner.MemberId, (await ReadAsync(host, orphan)).ContactMemberId);
    }

    [Fact]
    public async Task ARejectionWithoutANoteAndAnUnknownProjectReadWellInTheBrowser()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ConsoleClient.Settings, cancellationToken: Ct);
        var projectId = (await StoreAsync(host, change: Pending)).Project.ProjectId;
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        await page.GotoAsync($"api/console/projects/{projectId}?lang=es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechazar" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Diga por qué se rechaza el proyecto");
        await Pages.CheckAsync(page, "console-project-refused-es");
        await page.GotoAsync("api/console/projects/0123456789abcdef0123456789abcdef?lang=en");
        await Pages.CheckAsync(page, "console-project-missing-en");

        Assert.Equal(ProjectReview.Pending, (await ReadAsync(host, projectId)).Review);
    }

    // Opens the address of a visible link (waiting for the load after a link's click timed out on the shared test machine).
    private static async Task GoToLinkAsync(IPage page, ILocator link)
    {
        await Assertions.Expect(link).ToBeVisibleAsync();
        await page.GotoAsync(await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("The link has no address."));
    }
}
