using System.Security.Cryptography;
using Azure.Data.Tables;
using CoP.Shared.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentIngestionTests(StorageFixture storage)
{
    [Fact]
    public async Task AnUploadedPdfIsStoredPublishedListedAndAnnouncedToTheUploader()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var content = SampleFiles.Pdf();

        var (upload, outcome) = await UploadAndIngestAsync(app, token, "Étude sol.pdf", "application/pdf", content);

        Assert.Equal(DocumentStatus.Published, outcome);
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(await BlobNamesAsync(app, "rejected"));
        var stored = Container(app, "documents").GetBlobClient(upload.BlobName);
        var properties = (await stored.GetPropertiesAsync(cancellationToken: Ct)).Value;
        Assert.Equal("application/pdf", properties.ContentType);
        Assert.StartsWith("attachment;", properties.ContentDisposition, StringComparison.Ordinal);
        Assert.Contains("filename*=UTF-8''%C3%89tude-sol.pdf", properties.ContentDisposition, StringComparison.Ordinal);
        var document = await DocumentAsync(app, upload.DocumentId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256);
        Assert.Equal(content.Length, document.Bytes);
        var email = Assert.Single(app.Outbox(), m => m.Category.StartsWith("document-", StringComparison.Ordinal));
        Assert.Equal("document-published", email.Category);
        Assert.Equal("amina.diallo@example.org", email.To.Address);
        Assert.Contains($"/api/documents/{upload.DocumentId}", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Votre document est publié", email.TextBody, StringComparison.Ordinal);

        var listed = (await ListAsync(app)).Json().GetProperty("documents");
        Assert.Equal(upload.DocumentId, Assert.Single(listed.EnumerateArray()).GetProperty("documentId").GetString());
        var download = await DownloadAsync(app, upload.DocumentId);
        Assert.Equal(302, download.Status);
        using var fetched = await new HttpClient().GetAsync(download.Headers.Location.ToString(), Ct);
        Assert.Equal(content, await fetched.Content.ReadAsByteArrayAsync(Ct));
    }

    public static TheoryData<string, string, string, string> AcceptedKinds() => new()
    {
        { "data.csv", "text/csv", "csv", "text/csv; charset=utf-8" },
        { "notes.txt", "text/plain", "csv", "text/plain; charset=utf-8" },
        { "brief.docx", FileKinds.Docx, "docx", FileKinds.Docx },
        { "brief.odt", FileKinds.Odt, "odt", FileKinds.Odt },
        { "map.png", "image/png", "png", "image/png" },
    };

    [Theory]
    [MemberData(nameof(AcceptedKinds))]
    public async Task EachAllowedKindIsAcceptedWithItsSniffedContentType(string fileName, string declared, string sample, string served)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);

        var (upload, outcome) = await UploadAndIngestAsync(app, token, fileName, declared, Sample(sample));

        Assert.Equal(DocumentStatus.Published, outcome);
        var properties = await Container(app, "documents").GetBlobClient(upload.BlobName).GetPropertiesAsync(cancellationToken: Ct);
        Assert.Equal(served, properties.Value.ContentType);
    }

    public static TheoryData<string, string, string, RejectionReason> Spoofs() => new()
    {
        { "photo.pdf", "application/pdf", "png", RejectionReason.TypeMismatch },
        { "report.docx", FileKinds.Docx, "zip", RejectionReason.TypeNotAllowed },
        { "install.pdf", "application/pdf", "script", RejectionReason.TypeMismatch },
        { "brief.docx", FileKinds.Docx, "pdf", RejectionReason.TypeMismatch },
        { "program.pdf", "application/pdf", "exe", RejectionReason.TypeNotAllowed },
        { "random.png", "image/png", "binary", RejectionReason.TypeNotAllowed },
        { "data.csv", "text/csv", "utf16", RejectionReason.TypeNotAllowed },
    };

    [Theory]
    [MemberData(nameof(Spoofs))]
    public async Task SpoofedTypesAreRejectedMovedAsideAndExplained(string fileName, string declared, string sample, RejectionReason reason)
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);

        var (upload, outcome) = await UploadAndIngestAsync(app, token, fileName, declared, Sample(sample));

        Assert.Equal(DocumentStatus.Rejected, outcome);
        await AssertRejectedAsync(app, upload, reason);
    }

    [Fact]
    public async Task AnEmptyFileIsRejected()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        await UploadsContainer(app).GetBlobClient(upload.BlobName).UploadAsync(BinaryData.FromBytes([]), cancellationToken: Ct);

        Assert.Equal(DocumentStatus.Rejected, await IngestAsync(app, upload.BlobName));
        await AssertDeletedOutrightAsync(app, upload, RejectionReason.Empty);
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsRejectedWithoutBeingRead()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:MaxUploadBytes"] = "2048" });
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var big = SampleFiles.Pdf(new string('x', 4096));
        using (var put = await PutAsync(upload.Url, upload.Headers, big))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        Assert.Equal(DocumentStatus.Rejected, await IngestAsync(app, upload.BlobName));
        await AssertDeletedOutrightAsync(app, upload, RejectionReason.TooLarge);
        Assert.Null((await DocumentAsync(app, upload.DocumentId)).Sha256);
    }

    [Fact]
    public async Task AFileOfAnotherSizeThanDeclaredIsRejected()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf("a different, longer report body")))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        Assert.Equal(DocumentStatus.Rejected, await IngestAsync(app, upload.BlobName));
        await AssertDeletedOutrightAsync(app, upload, RejectionReason.SizeMismatch);
        Assert.Contains(app.Outbox(), m => m.Category.StartsWith("document-", StringComparison.Ordinal) && m.TextBody.Contains("taille du fichier ne correspond pas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFilePlacedByAnOperatorIsCheckedAndCataloguedWithoutAnEmail()
    {
        await using var app = TestApp.Create(storage);
        var uploads = UploadsContainer(app);
        await uploads.CreateIfNotExistsAsync(cancellationToken: Ct);
        var documentId = Guid.NewGuid().ToString("N");
        var blob = uploads.GetBlobClient($"{documentId}/field-report.pdf");
        await blob.UploadAsync(BinaryData.FromBytes(SampleFiles.Pdf()), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string>
            {
                ["placedby"] = "operator",
                ["title"] = Uri.EscapeDataString("Rapport de terrain : biochar au Sénégal"),
                ["topics"] = "biochar",
                ["type"] = "report",
                ["language"] = "fr",
            },
        }, Ct);

        Assert.Equal(DocumentStatus.Published, await IngestAsync(app, blob.Name));

        var document = await DocumentAsync(app, documentId);
        Assert.Equal("Rapport de terrain : biochar au Sénégal", document.Title);
        Assert.Single(await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(app.DocumentEmails());
    }

    [Fact]
    public async Task AFilePlacedWithMetadataThatBreaksTheRulesIsSetAside()
    {
        await using var app = TestApp.Create(storage);
        var uploads = UploadsContainer(app);
        await uploads.CreateIfNotExistsAsync(cancellationToken: Ct);
        var blob = uploads.GetBlobClient($"{Guid.NewGuid():N}/field-report.pdf");
        await blob.UploadAsync(BinaryData.FromBytes(SampleFiles.Pdf()), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string> { ["placedby"] = "operator", ["topics"] = "no-such-topic" },
        }, Ct);

        await app.Function<CoP.Functions.Documents.IngestDocumentFunction>().IngestDocument(blob, Ct);

        Assert.Single(await BlobNamesAsync(app, "rejected"));
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Equal(0, await RowCountAsync(app, "DocumentIndex"));
    }

    [Fact]
    public async Task AFileWithoutAPendingRecordIsSetAsideAndNothingIsCatalogued()
    {
        await using var app = TestApp.Create(storage);
        var uploads = UploadsContainer(app);
        await uploads.CreateIfNotExistsAsync(cancellationToken: Ct);
        var blobName = $"{Guid.NewGuid():N}/sneaky.pdf";
        await uploads.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(SampleFiles.Pdf()), cancellationToken: Ct);

        await app.Function<CoP.Functions.Documents.IngestDocumentFunction>().IngestDocument(uploads.GetBlobClient(blobName), Ct);
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Single(await BlobNamesAsync(app, "rejected"));
        Assert.Equal(0, await RowCountAsync(app, "DocumentIndex"));
        Assert.Empty(app.DocumentEmails());
    }

    [Fact]
    public async Task AnExactDuplicateOfAPublishedDocumentLinksToItInsteadOfBeingStoredAgain()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (first, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        var (second, outcome) = await UploadAndIngestAsync(app, token, "same-report.pdf", "application/pdf", SampleFiles.Pdf());

        Assert.Equal(DocumentStatus.Duplicate, outcome);
        Assert.Equal(first.DocumentId, (await DocumentAsync(app, second.DocumentId)).DuplicateOf);
        Assert.Equal([first.BlobName], await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Single((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        var emails = app.Outbox().Where(m => m.Category == "document-published").ToList();
        Assert.Equal(2, emails.Count);
        Assert.Contains($"/api/documents/{first.DocumentId}", emails[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreeConcurrentDeliveriesOfOneUploadLeaveOneEntryAndOneEmail()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf()))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var function = app.Function<CoP.Functions.Documents.IngestDocumentFunction>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(
            () => function.IngestDocument(UploadsContainer(app).GetBlobClient(upload.BlobName), Ct), Ct)));
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(DocumentStatus.Published, (await DocumentAsync(app, upload.DocumentId)).DocumentStatus);
        Assert.Single((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        Assert.Equal(["document-published"], app.DocumentEmails());
        Assert.Equal([upload.BlobName], await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
    }

    [Fact]
    public async Task ARedeliveryAfterAFailureHalfWayCompletesTheSameStateWithOneEmail()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf()))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        // A first invocation that died right after recording its decision: no index rows, no mail queued, upload still there.
        var store = app.Get<DocumentStore>();
        await app.Function<CoP.Functions.Documents.IngestDocumentFunction>().IngestDocument(UploadsContainer(app).GetBlobClient(upload.BlobName), Ct);
        await (await app.Get<CoP.Shared.Email.Queue.QueuedMail>().GetClientAsync(Ct)).ClearMessagesAsync(Ct);
        await foreach (var row in app.Table("DocumentIndex").QueryAsync<TableEntity>(cancellationToken: Ct))
        {
            await app.Table("DocumentIndex").DeleteEntityAsync(row, cancellationToken: Ct);
        }

        foreach (var file in Directory.GetFiles(app.OutboxPath, "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var restored = await UploadsContainer(app).GetBlobClient(upload.BlobName).UploadAsync(BinaryData.FromBytes(SampleFiles.Pdf()), cancellationToken: Ct);
        var decided = await DocumentAsync(app, upload.DocumentId);
        decided.OutcomeEmailedAt = null;
        decided.IngestedETag = restored.Value.ETag.ToString();
        Assert.True(await store.TryReplaceAsync(decided, Ct));

        await IngestAsync(app, upload.BlobName);
        await IngestAsync(app, upload.BlobName);

        Assert.Single((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        Assert.Equal(["document-published"], app.DocumentEmails());
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Equal([upload.BlobName], await BlobNamesAsync(app, "documents"));
    }

    [Fact]
    public async Task WithReviewFirstAnAcceptedDocumentWaitsAndTheReviewPublishesOrRejectsIt()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (_, token) = await ConfirmedMemberAsync(app);
        var (kept, keptOutcome) = await UploadAndIngestAsync(app, token, "kept.pdf", "application/pdf", SampleFiles.Pdf("kept"));
        var (dropped, droppedOutcome) = await UploadAndIngestAsync(app, token, "dropped.pdf", "application/pdf", SampleFiles.Pdf("dropped"));

        Assert.Equal(DocumentStatus.PendingReview, keptOutcome);
        Assert.Equal(DocumentStatus.PendingReview, droppedOutcome);
        Assert.Empty((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        Assert.Equal(404, (await GetAsync(app, kept.DocumentId)).Status);
        Assert.Equal(404, (await DownloadAsync(app, kept.DocumentId)).Status);
        Assert.Equal(["document-pending-review", "document-pending-review"], app.DocumentEmails());

        var approved = await ReviewAsync(app, kept.DocumentId, new { decision = "approve" });
        var rejected = await ReviewAsync(app, dropped.DocumentId, new { decision = "reject", note = "Out of scope for this community." });
        var again = await ReviewAsync(app, kept.DocumentId, new { decision = "reject" });
        var emailsBeforeRetry = app.DocumentEmails().Count;
        var retried = await ReviewAsync(app, kept.DocumentId, new { decision = "approve" });

        Assert.Equal(200, approved.Status);
        Assert.Equal(200, rejected.Status);
        Assert.Equal(409, again.Status);
        // Repeating the same decision completes it (safe after a failure half-way) and emails nobody twice.
        Assert.Equal(200, retried.Status);
        Assert.Equal(emailsBeforeRetry, app.DocumentEmails().Count);
        Assert.Equal(200, (await GetAsync(app, kept.DocumentId)).Status);
        Assert.Single((await ListAsync(app)).Json().GetProperty("documents").EnumerateArray());
        Assert.Equal([kept.BlobName], await BlobNamesAsync(app, "documents"));
        Assert.Equal([dropped.BlobName], await BlobNamesAsync(app, "rejected"));
        Assert.Equal(["document-pending-review", "document-pending-review", "document-published", "document-rejected"], app.DocumentEmails());
        Assert.Contains("Out of scope for this community.", app.Outbox()[^1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAnswers4xxForBadInput()
    {
        await using var app = TestApp.Create(storage);

        Assert.Equal(400, (await ReviewAsync(app, "not-an-id", new { decision = "approve" })).Status);
        Assert.Equal(400, (await ReviewAsync(app, Guid.NewGuid().ToString("N"), new { decision = "maybe" })).Status);
        Assert.Equal(404, (await ReviewAsync(app, Guid.NewGuid().ToString("N"), new { decision = "approve" })).Status);
    }

    /// <summary>Rejected for its size: the record says why, and no copy of the file is kept anywhere.</summary>
    internal static async Task AssertDeletedOutrightAsync(TestApp app, Upload upload, RejectionReason reason)
    {
        var document = await DocumentAsync(app, upload.DocumentId);
        Assert.Equal(DocumentStatus.Rejected, document.DocumentStatus);
        Assert.Equal(reason, document.RejectionReason);
        Assert.Null(document.Sha256);
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "rejected"));
        Assert.Equal(0, await RowCountAsync(app, "DocumentIndex"));
        Assert.Equal(404, (await GetAsync(app, upload.DocumentId)).Status);
        Assert.Single(app.Outbox(), m => m.Category == "document-rejected");
    }

    private static async Task AssertRejectedAsync(TestApp app, Upload upload, RejectionReason reason)
    {
        var document = await DocumentAsync(app, upload.DocumentId);
        Assert.Equal(DocumentStatus.Rejected, document.DocumentStatus);
        Assert.Equal(reason, document.RejectionReason);
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Equal([upload.BlobName], await BlobNamesAsync(app, "rejected"));
        var rejected = await Container(app, "rejected").GetBlobClient(upload.BlobName).GetPropertiesAsync(cancellationToken: Ct);
        Assert.Equal("application/octet-stream", rejected.Value.ContentType);
        Assert.Equal(0, await RowCountAsync(app, "DocumentIndex"));
        Assert.Equal(404, (await GetAsync(app, upload.DocumentId)).Status);
        var email = Assert.Single(app.Outbox(), m => m.Category == "document-rejected");
        Assert.Contains("n’a pas pu être publié", email.Subject, StringComparison.Ordinal);
    }

    private static byte[] Sample(string name) => name switch
    {
        "pdf" => SampleFiles.Pdf(),
        "png" => SampleFiles.Png(),
        "csv" => SampleFiles.Csv(),
        "docx" => SampleFiles.Docx(),
        "odt" => SampleFiles.Odt(),
        "zip" => SampleFiles.PlainZip(),
        "script" => SampleFiles.Script(),
        "exe" => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00],
        "binary" => [0x00, 0x01, 0x02, 0xFE, 0xFF, 0x10, 0x20],
        "utf16" => System.Text.Encoding.Unicode.GetBytes("site,year\nA,2024\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
