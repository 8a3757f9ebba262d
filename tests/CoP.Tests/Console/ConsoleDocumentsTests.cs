using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoP.Shared.Console;
using CoP.Shared.Documents;
using CoP.Tests.Browser;
using CoP.Tests.Documents;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Console.ConsoleDocumentsUploads;

namespace CoP.Tests.Console;

/// <summary>
/// The console's documents area over real HTTP: the review queue, a document's page and file, approval, rejection and
/// takedown through the same services as the JSON routes, each audited; what members typed is encoded; a decision
/// made twice, or on an unknown id, is never a 500.
/// </summary>
public sealed class ConsoleDocumentsTests(StorageFixture storage)
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";

    /// <summary>Every route of the documents area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/documents"),
        ("GET", $"/api/console/documents/{Unknown}"),
        ("GET", $"/api/console/documents/{Unknown}/content"),
        ("POST", $"/api/console/documents/{Unknown}/review"),
        ("POST", $"/api/console/documents/{Unknown}/takedown"),
    ];

    [Fact]
    public async Task TheQueueListsAPendingUploadAndItsPageShowsEveryFieldAndTheReviewForm()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        using var client = await SignInAsync(host);

        using var queue = await client.GetAsync("/api/console/documents");
        var list = await queue.Content.ReadAsStringAsync(Ct);
        using var page = await client.GetAsync($"/api/console/documents/{documentId}");
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains($"<a href=\"/api/console/documents/{documentId}\">Soil carbon in the Sahel</a>", list, StringComparison.Ordinal);
        Assert.Contains("No document is published", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        foreach (var shown in new[] { "Results of five years of monitoring.", "Sahel Soils", "CC-BY-4.0", "soil-carbon.pdf", "application/pdf", "waiting for review", "2025" })
        {
            Assert.Contains(shown, html, StringComparison.Ordinal);
        }

        var sha256 = (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))!.Sha256!;
        Assert.Contains(string.Join("<wbr>", sha256.Chunk(8).Select(group => new string(group))), html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/console/documents/{documentId}/review\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/console/documents/{documentId}/content\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/takedown\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("amina.diallo", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovingPublishesTheDocumentInTheCatalogAndRecordsTheAuditRow()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        using var client = await SignInAsync(host);

        using var approved = await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "approve", ["note"] = "Thank you." });
        using var queue = await client.GetAsync(approved.Headers.Location!.ToString());
        var list = await queue.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        Assert.Equal($"/api/console/documents?done=approved&document={documentId}", approved.Headers.Location.ToString());
        Assert.Contains("Approved and published", list, StringComparison.Ordinal);
        Assert.Contains("No document is waiting for review.", list, StringComparison.Ordinal);
        Assert.Contains(documentId, await CatalogIdsAsync(host));
        var row = Assert.Single(await AuditAsync(host), entry => entry.Action.StartsWith("document.", StringComparison.Ordinal));
        Assert.Equal(("document.approve", documentId), (row.Action, row.Target));
    }

    [Fact]
    public async Task RejectingAsksForAReasonThenRejectsAndTellsTheUploaderWhy()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        using var client = await SignInAsync(host);

        using var withoutReason = await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "reject", ["note"] = "  " });
        var refused = await withoutReason.Content.ReadAsStringAsync(Ct);
        using var unknownDecision = await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "publish" });
        var stillPending = (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))!.DocumentStatus;
        using var rejected = await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "reject", ["note"] = "Please send the final report, not the draft." });
        var mails = await host.DeliverMailAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("Say why the document is rejected", refused, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownDecision.StatusCode);
        Assert.Contains("Choose to approve or to reject the document.", await unknownDecision.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(DocumentStatus.PendingReview, stillPending);
        Assert.Equal(HttpStatusCode.SeeOther, rejected.StatusCode);
        Assert.Equal($"/api/console/documents?done=rejected&document={documentId}", rejected.Headers.Location?.ToString());
        Assert.Equal(DocumentStatus.Rejected, (await host.App.Get<DocumentStore>().GetAsync(documentId, Ct))!.DocumentStatus);
        Assert.Contains(mails, mail => mail.To == "amina.diallo@example.org" && mail.Text.Contains("Please send the final report, not the draft.", StringComparison.Ordinal));
        var row = Assert.Single(await AuditAsync(host), entry => entry.Action.StartsWith("document.", StringComparison.Ordinal));
        Assert.Equal(("document.reject", documentId), (row.Action, row.Target));
        Assert.DoesNotContain("final report", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TakingDownRemovesThePublishedDocumentFromTheCatalogAndItsDownload()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        using var client = await SignInAsync(host);
        (await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "approve" })).Dispose();
        using var published = await client.GetAsync($"/api/console/documents/{documentId}");
        var page = await published.Content.ReadAsStringAsync(Ct);

        using var withoutReason = await client.PostAsync($"/api/console/documents/{documentId}/takedown", new() { ["reason"] = "" });
        using var takenDown = await client.PostAsync($"/api/console/documents/{documentId}/takedown", new() { ["reason"] = "Published without the authors' consent.", ["notifyUploader"] = "on" });
        using var queue = await client.GetAsync(takenDown.Headers.Location!.ToString());
        using var publicDownload = await host.Client().GetAsync($"api/documents/{documentId}/content", Ct);
        using var consoleDownload = await client.GetAsync($"/api/console/documents/{documentId}/content");

        Assert.Contains($"action=\"/api/console/documents/{documentId}/takedown\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/review\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("Give the reason for taking the document down.", await withoutReason.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, takenDown.StatusCode);
        Assert.Contains("Taken down", await queue.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(documentId, await CatalogIdsAsync(host));
        Assert.Equal(HttpStatusCode.NotFound, publicDownload.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, consoleDownload.StatusCode);
        var removal = (await host.App.Table("DocumentRemovals").GetEntityAsync<DocumentRemovalEntity>(documentId, DocumentRemovalEntity.Row, cancellationToken: Ct)).Value;
        var @operator = (await AuditAsync(host)).First().OperatorId;
        Assert.Equal(($"operator:{@operator}", "Published without the authors' consent.", true), (removal.RemovedBy, removal.Reason, removal.NotifyUploader));
        Assert.Equal(
            new[] { "document.approve", "document.takedown" },
            (await AuditAsync(host)).Where(entry => entry.Action.StartsWith("document.", StringComparison.Ordinal) && entry.Target == documentId).Select(entry => entry.Action).Reverse());
    }

    [Fact]
    public async Task WhatTheUploaderTypedIsEncodedOnTheQueueAndTheDocumentPage()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf(), new Dictionary<string, object?>
        {
            ["title"] = "<script>alert('title')</script>",
            ["description"] = "<img src=x onerror=alert(1)>\nSecond line",
            ["projectName"] = "\"><b onmouseover=alert(2)>Project</b>",
            ["licence"] = "<iframe src=//evil.example>",
        });
        using var client = await SignInAsync(host);

        var queue = await (await client.GetAsync("/api/console/documents")).Content.ReadAsStringAsync(Ct);
        var page = await (await client.GetAsync($"/api/console/documents/{documentId}")).Content.ReadAsStringAsync(Ct);

        foreach (var html in new[] { queue, page })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b onmouseover", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePendingFileDownloadsAsANosniffAttachmentByteForByte()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var pdf = SampleFiles.Pdf("For the operator's eyes");
        var documentId = await PendingAsync(host, "amina.diallo@example.org", pdf);
        using var client = await SignInAsync(host);

        using var download = await client.GetAsync($"/api/console/documents/{documentId}/content");
        using var stranger = Anonymous(host);
        using var anonymous = await stranger.GetAsync($"/api/console/documents/{documentId}/content");
        using var publicDownload = await host.Client().GetAsync($"api/documents/{documentId}/content", Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("soil-carbon.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-store", download.Headers.CacheControl?.ToString());
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicDownload.StatusCode);
    }

    [Theory]
    [InlineData(Unknown)]
    [InlineData("not-a-document-id")]
    public async Task AnUnknownDocumentIsA404OnEveryRouteAndChangesNothing(string documentId)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        using var client = await SignInAsync(host);

        using var page = await client.GetAsync($"/api/console/documents/{documentId}");
        using var file = await client.GetAsync($"/api/console/documents/{documentId}/content");
        using var review = await client.PostAsync($"/api/console/documents/{documentId}/review", new() { ["decision"] = "approve" });
        using var takedown = await client.PostAsync($"/api/console/documents/{documentId}/takedown", new() { ["reason"] = "Spam." });

        Assert.All(new[] { page.StatusCode, file.StatusCode, review.StatusCode, takedown.StatusCode }, status => Assert.Equal(HttpStatusCode.NotFound, status));
        Assert.Contains("There is no document with this address.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", file.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(await AuditAsync(host), entry => entry.Action.StartsWith("document.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADecisionOnADecidedDocumentAnswersItsPageWithANoticeNeverA500()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, ReviewFirstSettings, cancellationToken: Ct);
        var documentId = await PendingAsync(host, "amina.diallo@example.org", SampleFiles.Pdf());
        using var client = await SignInAsync(host);
        var review = $"/api/console/documents/{documentId}/review";

        using var first = await client.PostAsync(review, new() { ["decision"] = "approve" });
        using var again = await client.PostAsync(review, new() { ["decision"] = "approve" });
        using var contrary = await client.PostAsync(review, new() { ["decision"] = "reject", ["note"] = "Changed my mind." });
        var notice = await contrary.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, contrary.StatusCode);
        Assert.Contains("no longer waiting for review", notice, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/console/documents/{documentId}/takedown\"", notice, StringComparison.Ordinal);
        Assert.Contains(documentId, await CatalogIdsAsync(host));
        Assert.DoesNotContain(await AuditAsync(host), entry => entry.Action == "document.reject");
    }

    private static async Task<List<AuditEntry>> AuditAsync(FunctionsTestHost host) => await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct);

    // The ids GET /api/documents lists (the member side's catalog, as a script reads it).
    private static async Task<List<string>> CatalogIdsAsync(FunctionsTestHost host)
    {
        using var client = host.Client();
        var page = await client.GetFromJsonAsync<JsonElement>("api/documents", Ct);
        return [.. page.GetProperty("documents").EnumerateArray().Select(document => document.GetProperty("documentId").GetString()!)];
    }
}
