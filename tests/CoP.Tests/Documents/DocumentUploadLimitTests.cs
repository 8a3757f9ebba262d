using System.Text;
using Azure;
using Azure.Storage.Blobs.Specialized;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class DocumentUploadLimitTests(StorageFixture storage)
{
    private static readonly Dictionary<string, string?> SmallLimit = new() { ["Documents:MaxUploadBytes"] = "2048" };

    [Fact]
    public async Task TheUploadUrlTakesOnePutBlobButRefusesStagedBlocks()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());
        var viaSas = new BlockBlobClient(upload.Url);

        var stage = await Assert.ThrowsAsync<RequestFailedException>(() => viaSas.StageBlockAsync(BlockId(0), new MemoryStream(new byte[1024]), cancellationToken: Ct));
        var commit = await Assert.ThrowsAsync<RequestFailedException>(() => viaSas.CommitBlockListAsync([BlockId(0)], cancellationToken: Ct));
        using var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf());

        Assert.Equal(403, stage.Status);
        Assert.Equal(403, commit.Status);
        Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task AFileStagedInBlocksBeyondTheLimitIsDeletedUnreadAndItsRecordSaysWhy()
    {
        await using var app = TestApp.Create(storage, SmallLimit);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "report.pdf", "application/pdf", SampleFiles.Pdf());

        // With storage access (not the member's URL, which refuses blocks): three blocks of 1 KiB over a 2 KiB limit.
        var direct = UploadsContainer(app).GetBlockBlobClient(upload.BlobName);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(BlockId(i));
            await direct.StageBlockAsync(ids[^1], new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 1024))), cancellationToken: Ct);
        }

        await direct.CommitBlockListAsync(ids, cancellationToken: Ct);

        Assert.Equal(DocumentStatus.Rejected, await IngestAsync(app, upload.BlobName));
        await DocumentIngestionTests.AssertDeletedOutrightAsync(app, upload, RejectionReason.TooLarge);
    }

    [Fact]
    public async Task KeptRejectedFilesExpireAfterTheRetentionAndTheirRecordsStay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:RejectedRetention"] = "30.00:00:00" }, time: time);
        var (_, token) = await ConfirmedMemberAsync(app);
        var (upload, outcome) = await UploadAndIngestAsync(app, token, "photo.pdf", "application/pdf", SampleFiles.Png());
        Assert.Equal(DocumentStatus.Rejected, outcome);
        var timer = app.Function<PurgeRejectedUploadsFunction>();

        time.Advance(TimeSpan.FromDays(29));
        await timer.PurgeRejectedUploads(new TimerInfo(), Ct);
        var keptAtDay29 = await BlobNamesAsync(app, "rejected");

        time.Advance(TimeSpan.FromDays(2));
        await timer.PurgeRejectedUploads(new TimerInfo(), Ct);

        Assert.Equal([upload.BlobName], keptAtDay29);
        Assert.Empty(await BlobNamesAsync(app, "rejected"));
        var document = await DocumentAsync(app, upload.DocumentId);
        Assert.Equal(RejectionReason.TypeMismatch, document.RejectionReason);
        Assert.Contains(app.Logs.Entries, e => e.Message.StartsWith("Documents housekeeping: 1 expired rejected files", StringComparison.Ordinal));
        Assert.Equal(0, await RowCountAsync(app, "DocumentUploadCounts"));
    }

    [Fact]
    public async Task UploadRequestsOverTheDailyAllowanceGet429WithRetryAfterAndStoreNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:UploadsPerMemberPerDay"] = "2" }, time: time);
        var (member, token) = await ConfirmedMemberAsync(app);
        var (_, otherToken) = await ConfirmedMemberAsync(app, "kofi.mensah@example.org");

        var first = await RequestUploadAsync(app, token, Metadata());
        var second = await RequestUploadAsync(app, token, Metadata());
        var third = await RequestUploadAsync(app, token, Metadata());
        var someoneElse = await RequestUploadAsync(app, otherToken, Metadata());

        Assert.Equal((201, 201, 201), (first.Status, second.Status, someoneElse.Status));
        Assert.Equal(429, third.Status);
        Assert.Equal("application/problem+json", third.ContentType);
        var retryAfter = long.Parse(third.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var untilMidnight = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - time.GetUtcNow();
        Assert.InRange(retryAfter, 1, (long)Math.Ceiling(untilMidnight.TotalSeconds));
        Assert.Equal(3, await RowCountAsync(app, "Documents"));

        time.Advance(untilMidnight + TimeSpan.FromSeconds(1));
        var tomorrowsToken = app.Get<MemberTokenService>().Issue(member.MemberId, 0, TokenPurpose.Account);
        Assert.Equal(201, (await RequestUploadAsync(app, tomorrowsToken, Metadata())).Status);
    }

    [Fact]
    public async Task ConcurrentUploadRequestsOfOneMemberAreCountedExactly()
    {
        await using var app = TestApp.Create(storage, new Dictionary<string, string?> { ["Documents:UploadsPerMemberPerDay"] = "3" });
        var (_, token) = await ConfirmedMemberAsync(app);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => RequestUploadAsync(app, token, Metadata()), Ct)));

        Assert.Equal(3, answers.Count(a => a.Status == 201));
        Assert.Equal(3, answers.Count(a => a.Status == 429));
        Assert.Equal(3, await RowCountAsync(app, "Documents"));
    }

    private static string BlockId(int i) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{i:D6}"));
}
