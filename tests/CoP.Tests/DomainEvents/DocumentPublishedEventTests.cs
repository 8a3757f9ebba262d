using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Shared.DomainEvents;
using CoP.Shared.DomainEvents.Sources;
using CoP.Tests.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary><c>document.published</c>: written once when a document enters the catalog, at ingestion or at review.</summary>
public sealed class DocumentPublishedEventTests(StorageFixture storage)
{
    [Fact]
    public async Task AnUploadIngestedTwiceAtOnceIsPublishedOnceWithItsPublicMetadataOnly()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "amina-diallo-notes.pdf", "application/pdf", SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf()))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var function = app.Function<IngestDocumentFunction>();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => function.IngestDocument(UploadsContainer(app).GetBlobClient(upload.BlobName), Ct), Ct)));

        Assert.Equal(DocumentStatus.Published, (await DocumentAsync(app, upload.DocumentId)).DocumentStatus);
        var published = await SingleAsync(app, DomainEventTypes.DocumentPublished);
        AssertShows(
            published, DomainEventTypes.DocumentPublished, upload.DocumentId, "Soil carbon in the Sahel", $"{PublicBase(app)}/api/documents/{upload.DocumentId}",
            "biochar", "monitoring-slm");
        Assert.Equal(upload.DocumentId, published.Data.GetProperty("id").GetString());
        Assert.Equal("report", published.Data.GetProperty("documentType").GetString());
        Assert.Equal(2025, published.Data.GetProperty("year").GetInt32());
        Assert.Equal("report · 2025", published.Summary);
        await AssertNothingPersonalAsync(app, member.MemberId, member.Email, member.Name, "amina-diallo-notes");
    }

    [Fact]
    public async Task AReviewedDocumentIsPublishedOnceAtItsApprovalEvenWhenTheApprovalIsSentTwice()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (member, token) = await ConfirmedMemberAsync(app);
        var (upload, outcome) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.Equal(DocumentStatus.PendingReview, outcome);
        Assert.Empty(await EventsAsync(app));

        Assert.Equal(200, (await ReviewAsync(app, upload.DocumentId, new { decision = "approve" })).Status);
        Assert.Equal(200, (await ReviewAsync(app, upload.DocumentId, new { decision = "approve" })).Status);

        var published = await SingleAsync(app, DomainEventTypes.DocumentPublished);
        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.DocumentPublished, upload.DocumentId), published.EventId);
        Assert.Single(await EventsAsync(app));
        await AssertNothingPersonalAsync(app, member.MemberId, member.Email, member.Name);
    }

    [Fact]
    public async Task ARejectedDocumentIsNotNews()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        Assert.Equal(200, (await ReviewAsync(app, upload.DocumentId, new { decision = "reject", note = "Out of scope." })).Status);

        Assert.Empty(await EventsAsync(app));
    }

    [Theory]
    [InlineData("", 2025, "2025")]
    [InlineData("report", null, "report")]
    [InlineData(" ", null, "")]
    public async Task TheSummaryNamesOnlyTheTypeAndYearADocumentHas(string documentType, int? year, string summary)
    {
        // Attack-review finding: an empty document type showed as " · 2025".
        await using var app = TestApp.Create(storage);
        var document = new DocumentEntity
        {
            PartitionKey = "doc_" + Guid.NewGuid().ToString("N")[..24], Status = nameof(DocumentStatus.Published), Title = "Soil carbon in the Sahel",
            Topics = "biochar", DocumentType = documentType, Language = "en", Year = year,
        };

        var published = await app.Get<DocumentNews>().PublishedAsync(document, Ct);

        Assert.Equal(summary, Assert.IsType<PublishResult.Recorded>(published).Event.Summary);
    }
}
