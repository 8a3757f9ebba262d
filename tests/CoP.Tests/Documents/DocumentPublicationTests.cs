using CoP.Functions.Documents;
using CoP.Shared.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentPublicationTests(StorageFixture storage)
{
    [Fact]
    public async Task ThreeIdenticalUploadsIngestedInParallelYieldOneCatalogEntryAndTwoDuplicates()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var uploads = new List<Upload>();
        for (var i = 0; i < 3; i++)
        {
            var upload = await RequestAsync(app, token, $"report-{i}.pdf", "application/pdf", SampleFiles.Pdf());
            using var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf());
            Assert.True(put.IsSuccessStatusCode);
            uploads.Add(upload);
        }

        var function = app.Function<IngestDocumentFunction>();
        await Task.WhenAll(uploads.Select(u => Task.Run(() => function.IngestDocument(UploadsContainer(app).GetBlobClient(u.BlobName), Ct), Ct)));
        await app.DeliverQueuedMailAsync(Ct);

        var documents = new List<DocumentEntity>();
        foreach (var upload in uploads)
        {
            documents.Add(await DocumentAsync(app, upload.DocumentId));
        }

        var published = Assert.Single(documents, d => d.DocumentStatus == DocumentStatus.Published);
        Assert.All(documents.Where(d => d != published), d =>
        {
            Assert.Equal(DocumentStatus.Duplicate, d.DocumentStatus);
            Assert.Equal(published.DocumentId, d.DuplicateOf);
        });
        Assert.Single((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        Assert.Equal([published.BlobName], await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Equal(1, await RowCountAsync(app, "DocumentHashes"));
        var emails = app.Outbox().Where(m => m.Category.StartsWith("document-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, emails.Count);
        Assert.All(emails, m =>
        {
            Assert.Equal("document-published", m.Category);
            Assert.Contains($"/api/documents/{published.DocumentId}", m.TextBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ACopyOfAFileAwaitingReviewIsADuplicateUntilThatFileIsRejected()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (_, token) = await ConfirmedMemberAsync(app);

        var (pending, pendingOutcome) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var (copy, copyOutcome) = await UploadAndIngestAsync(app, token, "report-copy.pdf", "application/pdf", SampleFiles.Pdf());

        Assert.Equal(DocumentStatus.PendingReview, pendingOutcome);
        Assert.Equal(DocumentStatus.Duplicate, copyOutcome);
        Assert.Equal(pending.DocumentId, (await DocumentAsync(app, copy.DocumentId)).DuplicateOf);
        Assert.Equal(["document-pending-review", "document-pending-review"], app.DocumentEmails());

        Assert.Equal(200, (await ReviewAsync(app, pending.DocumentId, new { decision = "reject", note = "Out of scope." })).Status);
        var (again, againOutcome) = await UploadAndIngestAsync(app, token, "report-again.pdf", "application/pdf", SampleFiles.Pdf());

        // The rejection released the content: the next copy waits for review in its own right.
        Assert.Equal(DocumentStatus.PendingReview, againOutcome);
        Assert.Null((await DocumentAsync(app, again.DocumentId)).DuplicateOf);
        Assert.Equal(1, await RowCountAsync(app, "DocumentHashes"));
    }

    [Fact]
    public async Task AnOutcomeQueuedAgainByARedeliveryIsSentOnce()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.Equal(["document-published"], app.DocumentEmails());

        // A redelivery that finds the mark gone (its write lost) queues the outcome again, under the same mail id.
        var document = await DocumentAsync(app, upload.DocumentId);
        document.OutcomeEmailedAt = null;
        Assert.True(await app.Get<DocumentStore>().TryReplaceAsync(document, Ct));
        await UploadsContainer(app).GetBlobClient(upload.BlobName).UploadAsync(BinaryData.FromBytes(SampleFiles.Pdf()), cancellationToken: Ct);
        await app.Function<IngestDocumentFunction>().IngestDocument(UploadsContainer(app).GetBlobClient(upload.BlobName), Ct);
        var queued = await app.QueuedMailCountAsync(Ct);
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(1, queued);
        Assert.Equal(1, drain.Delivered);
        Assert.Equal(["document-published"], app.DocumentEmails());
        Assert.NotNull(await app.Get<CoP.Shared.Email.Queue.MailDeliveryStore>().GetAsync(DocumentOutcomeNotifier.MailIdFor(upload.DocumentId, DocumentOutcome.Published), Ct));
    }
}
