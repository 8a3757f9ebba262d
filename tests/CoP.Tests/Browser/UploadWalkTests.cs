using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Tests.Documents;
using Microsoft.Playwright;
using static CoP.Tests.Browser.BrowserWalks;

namespace CoP.Tests.Browser;

/// <summary>
/// A document shared from the browser, as a member does it from the profile link of a newsletter: the upload page
/// (metadata, a real PDF, the progress bar), ingestion, an operator's approval, the catalog, the document's page and
/// the download. The browser PUTs the file to blob storage across origins, so Azurite is given the CORS rule that
/// infra/core/storage.bicep gives the storage account.
/// </summary>
public sealed class UploadWalkTests(StorageFixture storage, BrowserFixture browser)
{
    [Fact]
    public async Task DocumentSharedFromTheUploadPageIsListedInTheCatalogAndDownloadsByteForByte()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, cancellationToken: Ct);
        await AllowBrowserUploadsAsync(host);
        await using var context = await browser.NewContextAsync(host);
        var page = await context.NewPageAsync();
        var member = await JoinAsync(host, page, "amina.diallo@example.org");
        var profileToken = host.App.Get<MemberTokenService>().Issue(member, TokenPurpose.Profile);
        var pdf = SampleFiles.Pdf("Shared from a browser");

        await page.GotoAsync($"api/documents/uploads?token={Uri.EscapeDataString(profileToken)}&lang=en");
        await Pages.CheckAsync(page, "upload-en");
        await page.GetByLabel("Title").FillAsync("Soil carbon in the Sahel, seen from a browser");
        await page.GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await page.GetByLabel("Type of document").SelectOptionAsync("report");
        await page.GetByLabel("Language of the document").SelectOptionAsync("fr");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "soil-carbon.pdf", MimeType = "application/pdf", Buffer = pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload the document" }).ClickAsync();
        await Assertions.Expect(page.Locator("#upload-status")).ToContainTextAsync("accepted for checking");
        Assert.Equal(100, await page.EvaluateAsync<int>("() => document.getElementById('upload-progress').value"));
        await Pages.CheckAsync(page, "upload-done-en");

        var documentId = Assert.Single(await host.IngestUploadsAsync(Ct)).Split('/')[0];
        await PublishAsync(host, documentId);

        await page.GotoAsync("api/documents?lang=en");
        await Pages.CheckAsync(page, "documents-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Soil carbon in the Sahel, seen from a browser" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Pages.CheckAsync(page, "document-en");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the file" }).ClickAsync());

        Assert.Equal("soil-carbon.pdf", download.SuggestedFilename);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(await download.PathAsync(), Ct));
    }

    // What an operator does with a document waiting for review; one that ingestion published directly needs nothing.
    private static async Task PublishAsync(FunctionsTestHost host, string documentId)
    {
        var document = await host.App.Get<DocumentStore>().GetAsync(documentId, Ct);
        if (document?.DocumentStatus == DocumentStatus.PendingReview)
        {
            using var client = host.Client(@operator: true);
            using var reviewed = await client.PostAsJsonAsync($"api/manage/documents/{documentId}/review", new { decision = "approve" }, Ct);
            Assert.True(reviewed.IsSuccessStatusCode, $"review answered {(int)reviewed.StatusCode}");
        }

        Assert.Equal(DocumentStatus.Published, (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))?.DocumentStatus);
    }

    // The rule of infra/core/storage.bicep, for this host's origin.
    private static async Task AllowBrowserUploadsAsync(FunctionsTestHost host)
    {
        var service = new BlobServiceClient(host.App.ConnectionString);
        var properties = (await service.GetPropertiesAsync(Ct)).Value;
        properties.Cors =
        [
            new BlobCorsRule
            {
                AllowedOrigins = host.BaseAddress.GetLeftPart(UriPartial.Authority),
                AllowedMethods = "PUT,OPTIONS",
                AllowedHeaders = "content-type,x-ms-blob-type,x-ms-*",
                ExposedHeaders = "x-ms-request-id,etag",
                MaxAgeInSeconds = 3600,
            },
        ];
        await service.SetPropertiesAsync(properties, Ct);
    }
}
