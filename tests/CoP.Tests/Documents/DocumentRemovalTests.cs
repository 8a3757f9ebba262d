using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentRemovalTests(StorageFixture storage)
{
    private const string OperatorKey = "an-operator's-function-key-0123456789";

    [Fact]
    public async Task ARemovedDocumentLeavesTheCatalogDownloadsNewsletterAndStorageWithAnAuditAndOneNotice()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var removed = await PublishAsync(app, token, "Biochar kilns of Kaolack", "kilns.pdf", SampleFiles.Pdf("kilns"));
        var kept = await PublishAsync(app, token, "Terraces of the Fouta Djallon", "terraces.pdf", SampleFiles.Pdf("terraces"));
        time.Advance(TimeSpan.FromDays(7));
        var previewBefore = (await Newsletter.NewsletterTestFlows.GetAsync(app, "/api/manage/newsletter/preview?format=text&language=en")).Body;

        var first = await RemoveAsync(app, removed.DocumentId, new { reason = "Published without the authors' consent.", notifyUploader = true });
        await app.DeliverQueuedMailAsync(Ct);
        var again = await RemoveAsync(app, removed.DocumentId, new { reason = "Another reason, sent twice.", notifyUploader = true });
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Contains("Biochar kilns of Kaolack", previewBefore, StringComparison.Ordinal);
        Assert.Equal(200, first.Status);
        var answer = first.Json();
        Assert.Equal("removed", answer.GetProperty("status").GetString());
        Assert.False(answer.GetProperty("alreadyRemoved").GetBoolean());
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(OperatorKey)))[..16];
        Assert.Equal($"key-sha256:{fingerprint}", answer.GetProperty("removedBy").GetString());
        Assert.Equal(200, again.Status);
        Assert.True(again.Json().GetProperty("alreadyRemoved").GetBoolean());
        Assert.Equal("Published without the authors' consent.", again.Json().GetProperty("reason").GetString());
        Assert.Equal(answer.GetProperty("removedAt").GetDateTimeOffset(), again.Json().GetProperty("removedAt").GetDateTimeOffset());

        Assert.Equal(404, (await GetAsync(app, removed.DocumentId)).Status);
        Assert.Equal(404, (await DownloadAsync(app, removed.DocumentId)).Status);
        var listed = (await ListAsync(app)).Json().GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()).ToList();
        Assert.Equal([kept.DocumentId], listed);
        Assert.Equal([kept.BlobName], await BlobNamesAsync(app, "documents"));
        var indexRows = app.Table("DocumentIndex").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"DocumentId eq {removed.DocumentId}"), cancellationToken: Ct);
        Assert.Empty(await indexRows.ToListAsync(Ct));
        var previewAfter = (await Newsletter.NewsletterTestFlows.GetAsync(app, "/api/manage/newsletter/preview?format=text&language=en")).Body;
        Assert.DoesNotContain("Biochar kilns of Kaolack", previewAfter, StringComparison.Ordinal);
        Assert.Contains("Terraces of the Fouta Djallon", previewAfter, StringComparison.Ordinal);

        var audit = Assert.Single(await app.Table("DocumentRemovals").QueryAsync<DocumentRemovalEntity>(cancellationToken: Ct).ToListAsync(Ct));
        Assert.Equal(removed.DocumentId, audit.PartitionKey);
        Assert.Equal($"key-sha256:{fingerprint}", audit.RemovedBy);
        Assert.Equal("Published without the authors' consent.", audit.Reason);
        Assert.Equal(time.GetUtcNow(), audit.RemovedAt);
        Assert.Equal(nameof(DocumentStatus.Published), audit.StatusBefore);
        Assert.Equal(DocumentStatus.Removed, (await DocumentAsync(app, removed.DocumentId)).DocumentStatus);

        var notice = Assert.Single(app.Outbox(), m => m.Category == "document-removed");
        Assert.Equal("amina.diallo@example.org", notice.To.Address);
        Assert.Contains("Published without the authors' consent.", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("Biochar kilns of Kaolack", notice.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains(OperatorKey, StringComparison.Ordinal) || e.AllText.Contains("amina", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, await RowCountAsync(app, "DocumentHashes"));
    }

    [Fact]
    public async Task APendingDocumentIsRemovedWithoutNoticeWhenNoneIsAskedAndCannotBeReviewedAfterwards()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (_, token) = await ConfirmedMemberAsync(app);
        var (pending, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        var removal = await RemoveAsync(app, pending.DocumentId, new { reason = "Spam." });
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(200, removal.Status);
        Assert.False(removal.Json().GetProperty("notifyUploader").GetBoolean());
        Assert.Equal(409, (await ReviewAsync(app, pending.DocumentId, new { decision = "approve" })).Status);
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Equal(0, await RowCountAsync(app, "DocumentHashes"));
        Assert.Equal(["document-pending-review"], app.DocumentEmails());

        // The content hash was released: the same bytes uploaded again are judged afresh, not as a copy of a removed file.
        var (_, outcome) = await UploadAndIngestAsync(app, token, "report-again.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.Equal(DocumentStatus.PendingReview, outcome);
    }

    public static TheoryData<string, string, string?, int> BadRequests() => new()
    {
        { "not an id", "not-a-document-id", """{"reason":"x"}""", 400 },
        { "no reason", "{id}", """{"notifyUploader":true}""", 400 },
        { "blank reason", "{id}", """{"reason":"   "}""", 400 },
        { "long reason", "{id}", $$"""{"reason":"{{new string('x', DocumentTakedown.MaxReasonLength + 1)}}"}""", 400 },
        { "control character", "{id}", """{"reason":"bad\u0007bell"}""", 400 },
        { "wrong type", "{id}", """{"reason":"x","notifyUploader":"yes"}""", 400 },
        { "broken json", "{id}", """{"reason":""", 400 },
        { "no body", "{id}", null, 415 },
        { "unknown document", "0123456789abcdef0123456789abcdef", """{"reason":"x"}""", 404 },
        { "rejected document", "{rejected}", """{"reason":"x"}""", 409 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRemovalRequestsGet4xxProblemsAndChangeNothing(string name, string documentId, string? body, int status)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (published, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var (rejected, _) = await UploadAndIngestAsync(app, token, "photo.pdf", "application/pdf", SampleFiles.Png());
        var id = documentId.Replace("{id}", published.DocumentId, StringComparison.Ordinal).Replace("{rejected}", rejected.DocumentId, StringComparison.Ordinal);
        var request = body is null
            ? app.Raw("DELETE", $"/api/manage/documents/{id}", "", null)
            : app.Raw("DELETE", $"/api/manage/documents/{id}", body, "application/json");

        var response = await TestResponse.ExecuteAsync(await app.Function<RemoveDocumentFunction>().RemoveDocument(request, id, Ct), request);

        Assert.True(status == response.Status, $"{name}: {response.Status} {response.Body}");
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal(200, (await GetAsync(app, published.DocumentId)).Status);
        Assert.Equal(0, await RowCountAsync(app, "DocumentRemovals"));
    }

    private static async Task<TestResponse> RemoveAsync(TestApp app, string documentId, object body)
    {
        var request = app.Json("DELETE", $"/api/manage/documents/{documentId}", body).WithHeader("x-functions-key", OperatorKey);
        return await TestResponse.ExecuteAsync(await app.Function<RemoveDocumentFunction>().RemoveDocument(request, documentId, Ct), request);
    }

    private static async Task<Upload> PublishAsync(TestApp app, string token, string title, string fileName, byte[] content)
    {
        var metadata = Metadata(fileName, "application/pdf", content.Length);
        metadata["title"] = title;
        var response = await RequestUploadAsync(app, token, metadata);
        Assert.Equal(201, response.Status);
        var json = response.Json();
        var instructions = json.GetProperty("upload");
        var upload = new Upload(
            json.GetProperty("documentId").GetString()!,
            new Uri(instructions.GetProperty("url").GetString()!),
            instructions.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
        using (var put = await PutAsync(upload.Url, upload.Headers, content))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        Assert.Equal(DocumentStatus.Published, await IngestAsync(app, upload.BlobName));
        return upload;
    }
}
