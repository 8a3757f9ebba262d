using CoP.Shared.Documents;
using CoP.Shared.Members;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

/// <summary>
/// An upload URL outlives the record it was issued for when its member erases: the URL may create the blob until it
/// expires, and ingestion then finds no record. Such a file must not pass for one an operator placed.
/// </summary>
public sealed class UploadUrlAfterEraseTests(StorageFixture storage)
{
    [Fact]
    public async Task AnUploadThroughTheUrlOfAnErasedMemberIsNotAdoptedAsPlacedByAnOperator()
    {
        await using var app = TestApp.Create(storage);
        var (member, accessToken) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, accessToken, "field-report.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(System.Net.IPAddress.Loopback, "api"), Ct));

        // The create-only URL still creates the blob, and Put Blob lets its caller choose the blob's metadata.
        var headers = new Dictionary<string, string>(upload.Headers)
        {
            ["x-ms-meta-placedby"] = "operator",
            ["x-ms-meta-title"] = "Official%20guidance",
            ["x-ms-meta-topics"] = "biochar",
            ["x-ms-meta-type"] = "report",
            ["x-ms-meta-language"] = "en",
        };
        using (var put = await PutAsync(upload.Url, headers, SampleFiles.Pdf("Not from an operator")))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        await app.Function<CoP.Functions.Documents.IngestDocumentFunction>().IngestDocument(UploadsContainer(app).GetBlobClient(upload.BlobName), Ct);

        // Deleted unread: no document, no file anywhere, and the marker that did it names nobody.
        var marker = await app.Get<DocumentStore>().GetAsync(upload.DocumentId, Ct);
        Assert.NotNull(marker?.ErasedUploadExpiresAt);
        Assert.Equal("", marker.UploaderId);
        Assert.True(string.IsNullOrEmpty(marker.FileName) && string.IsNullOrEmpty(marker.Title));
        Assert.Empty(await BlobNamesAsync(app, "documents"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Empty(await BlobNamesAsync(app, "rejected"));
    }

    [Fact]
    public async Task TheMarkerOfAnErasedUploadGoesWithTheDailyCleanUpOnceTheUrlHasExpired()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, time: time);
        var (member, accessToken) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, accessToken, "field-report.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(System.Net.IPAddress.Loopback, "api"), Ct));

        Assert.Equal(0, (await app.Get<RejectedUploadPurge>().RunAsync(Ct)).ErasedUploadMarkersDeleted);
        time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(1, (await app.Get<RejectedUploadPurge>().RunAsync(Ct)).ErasedUploadMarkersDeleted);

        Assert.Null(await app.Get<DocumentStore>().GetAsync(upload.DocumentId, Ct));
    }
}
