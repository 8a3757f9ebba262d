using System.Text.RegularExpressions;
using CoP.Shared.Documents;
using CoP.Tests.Browser;
using CoP.Tests.Documents;
using Microsoft.Playwright;
using static CoP.Tests.Console.ConsoleDocumentsUploads;

namespace CoP.Tests.Console;

/// <summary>
/// The documents area walked in Chromium by a signed-in operator: a member's upload waits in the queue; its page shows
/// what the member wrote and downloads the file; approved, it is in the member side's catalog; taken down, it is gone.
/// Each page reached passes <see cref="Pages.CheckAsync"/>.
/// </summary>
public sealed class ConsoleDocumentsWalkTests(StorageFixture storage, BrowserFixture browser)
{
    private const string Title = "Soil carbon in the Sahel";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOperatorReviewsAPendingUploadApprovesItIntoTheCatalogAndTakesItDown()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var pdf = SampleFiles.Pdf("Reviewed in the console");
        var documentId = await PendingAsync(host, "amina.diallo@example.org", pdf);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        await GoToLinkAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "document(s) awaiting review" }));
        await Pages.CheckAsync(page, "console-documents-en");
        await GoToLinkAsync(page, page.GetByRole(AriaRole.Link, new() { Name = Title, Exact = true }));
        Assert.EndsWith($"/api/console/documents/{documentId}", page.Url, StringComparison.Ordinal);
        await Pages.CheckAsync(page, "console-document-pending-en");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the file" }).ClickAsync());
        Assert.Equal("soil-carbon.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(await download.PathAsync(), Ct));

        await page.GetByLabel("Note to the uploader").FillAsync("Thank you: it is published.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=approved"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Approved and published: {Title}");
        await Pages.CheckAsync(page, "console-documents-approved-en");

        await page.GotoAsync("api/documents?lang=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Title, Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync($"api/console/documents/{documentId}");
        await Pages.CheckAsync(page, "console-document-published-en");
        await page.GetByLabel("Reason").FillAsync("Published without the authors' consent.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Take the document down" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]done=removed"), new() { Timeout = 120_000, WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Taken down: {Title}");

        Assert.Equal(DocumentStatus.Removed, (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))?.DocumentStatus);
        await page.GotoAsync("api/documents?lang=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Title, Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync($"api/console/documents/{documentId}?lang=fr");
        await Pages.CheckAsync(page, "console-document-removed-fr");
    }

    [Fact]
    public async Task ARefusedRejectionAndAnUnknownDocumentReadWellInTheBrowser()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        await ConsoleWalks.SignInAsync(host, page);

        await page.GotoAsync($"api/console/documents/{documentId}?lang=es");
        await Pages.CheckAsync(page, "console-document-pending-es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechazar" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Indique por qué se rechaza el documento");
        await Pages.CheckAsync(page, "console-document-refused-es");
        await page.GotoAsync("api/console/documents/0123456789abcdef0123456789abcdef?lang=en");
        await Pages.CheckAsync(page, "console-document-missing-en");

        Assert.Equal(DocumentStatus.PendingReview, (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))?.DocumentStatus);
    }

    // Opens the address of a visible link (waiting for the load after a link's click timed out on the shared test machine).
    private static async Task GoToLinkAsync(IPage page, ILocator link)
    {
        await Assertions.Expect(link).ToBeVisibleAsync();
        await page.GotoAsync(await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("The link has no address."));
    }
}
