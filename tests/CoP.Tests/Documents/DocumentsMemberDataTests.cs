using System.Text.Json;
using CoP.Functions.Members;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentsMemberDataTests(StorageFixture storage)
{
    [Fact]
    public async Task ExportListsTheMembersDocumentsWithTheirStates()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var (_, otherToken) = await ConfirmedMemberAsync(app, "kofi.mensah@example.org");
        var (published, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var (rejected, _) = await UploadAndIngestAsync(app, token, "photo.pdf", "application/pdf", SampleFiles.Png());
        var requested = await RequestAsync(app, token, "later.pdf", "application/pdf", SampleFiles.Pdf("later"));
        await UploadAndIngestAsync(app, otherToken, "theirs.pdf", "application/pdf", SampleFiles.Pdf("theirs"));

        var documents = (await ExportAsync(app, token)).GetProperty("records").GetProperty("documents").EnumerateArray().ToList();

        Assert.Equal([published.DocumentId, rejected.DocumentId, requested.DocumentId], documents.Select(d => d.GetProperty("documentId").GetString()));
        Assert.Equal(["Published", "Rejected", "AwaitingUpload"], documents.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal("TypeMismatch", documents[1].GetProperty("rejectionReason").GetString());
        Assert.Equal("Soil carbon in the Sahel", documents[0].GetProperty("title").GetString());
        Assert.Equal("report.pdf", documents[0].GetProperty("fileName").GetString());
        Assert.NotEqual(JsonValueKind.Null, documents[0].GetProperty("publishedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, documents[2].GetProperty("decidedAt").ValueKind);
        Assert.NotEqual(default, documents[2].GetProperty("requestedAt").GetDateTimeOffset());
        Assert.DoesNotContain(member.Email, string.Join(",", documents.Select(d => d.GetRawText())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EraseDeletesPendingAndRejectedUploadsAndUnlinksPublishedOnesAndIsIdempotent()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:ReviewFirst"] = "true" });
        var (member, token) = await ConfirmedMemberAsync(app);
        var (published, _) = await UploadAndIngestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        Assert.Equal(200, (await ReviewAsync(app, published.DocumentId, new { decision = "approve" })).Status);
        var (pending, _) = await UploadAndIngestAsync(app, token, "pending.pdf", "application/pdf", SampleFiles.Pdf("pending"));
        var (rejected, _) = await UploadAndIngestAsync(app, token, "photo.pdf", "application/pdf", SampleFiles.Png());
        var requested = await RequestAsync(app, token, "later.pdf", "application/pdf", SampleFiles.Pdf("later"));
        using (var put = await PutAsync(requested.Url, requested.Headers, SampleFiles.Pdf("later")))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var holder = app.Services.GetServices<IMemberDataHolder>().OfType<DocumentsMemberData>().Single();
        await holder.EraseAsync(member, Ct);
        await holder.EraseAsync(member, Ct);

        var kept = await DocumentAsync(app, published.DocumentId);
        Assert.Equal(DocumentStatus.Published, kept.DocumentStatus);
        Assert.Equal("", kept.UploaderId);
        Assert.Equal(200, (await GetAsync(app, published.DocumentId)).Status);
        Assert.Equal(302, (await DownloadAsync(app, published.DocumentId)).Status);
        Assert.Equal([published.BlobName], await BlobNamesAsync(app, "documents"));
        foreach (var gone in new[] { pending, rejected })
        {
            Assert.Null(await app.Get<DocumentStore>().GetAsync(gone.DocumentId, Ct));
        }

        // The request whose upload URL still works leaves a marker that names nobody (UploadUrlAfterEraseTests).
        var marker = await app.Get<DocumentStore>().GetAsync(requested.DocumentId, Ct);
        Assert.NotNull(marker?.ErasedUploadExpiresAt);
        Assert.True(marker.UploaderId == "" && string.IsNullOrEmpty(marker.FileName) && string.IsNullOrEmpty(marker.Title));

        Assert.Empty(await BlobNamesAsync(app, "rejected"));
        Assert.Empty(await BlobNamesAsync(app, "uploads"));
        Assert.Equal(2, await RowCountAsync(app, "Documents"));
        Assert.Equal(1, await RowCountAsync(app, "DocumentHashes"));
        Assert.Equal(0, await RowCountAsync(app, "DocumentUploadCounts"));
        Assert.Empty((IEnumerable<object>)(await holder.ExportAsync(member, Ct))!);
    }

    [Fact]
    public async Task TheMembersOwnEraseReachesTheirDocuments()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);
        var (rejected, _) = await UploadAndIngestAsync(app, token, "photo.pdf", "application/pdf", SampleFiles.Png());
        var request = TestRequests.Empty(app.Services, "DELETE", "/api/members/me").WithHeader("Authorization", $"Bearer {token}");

        var response = await TestResponse.ExecuteAsync(await app.Function<EraseMyDataFunction>().EraseMyData(request, Ct), request);

        Assert.Equal(204, response.Status);
        Assert.Null(await app.Get<DocumentStore>().GetAsync(rejected.DocumentId, Ct));
        Assert.Empty(await BlobNamesAsync(app, "rejected"));
    }

    private static async Task<JsonElement> ExportAsync(TestApp app, string token)
    {
        var request = app.Get("/api/members/me/export").WithHeader("Authorization", $"Bearer {token}");
        var response = await TestResponse.ExecuteAsync(await app.Function<ExportMyDataFunction>().ExportMyData(request, Ct), request);
        Assert.Equal(200, response.Status);
        return response.Json();
    }
}
