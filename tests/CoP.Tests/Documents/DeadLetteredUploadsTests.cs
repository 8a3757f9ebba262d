using System.Text.Json;
using CoP.Functions.Documents;
using CoP.Shared.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

/// <summary>
/// Upload events that Event Grid dead-lettered, written as Event Grid writes them (a JSON array of events in a blob of
/// the dead-letter container), reprocessed by the ReprocessDeadLetteredUploads timer.
/// </summary>
public sealed class DeadLetteredUploadsTests(StorageFixture storage)
{
    [Fact]
    public async Task ADeadLetteredUploadIsIngestedAndItsEventBlobRemoved()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var upload = await RequestAsync(app, token, "soil-carbon.pdf", "application/pdf", SampleFiles.Pdf());
        using (var put = await PutAsync(upload.Url, upload.Headers, SampleFiles.Pdf()))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        var deadLetters = Container(app, "upload-events-deadletter");
        await deadLetters.CreateIfNotExistsAsync(cancellationToken: Ct);
        await deadLetters.UploadBlobAsync("evgt/uploads-to-ingestdocument/2026/11/30/10/a.json", Batch(app, upload.BlobName), Ct);

        await app.Function<ReprocessDeadLetteredUploadsFunction>().ReprocessDeadLetteredUploads(new Microsoft.Azure.Functions.Worker.TimerInfo(), Ct);

        Assert.Equal(DocumentStatus.Published, (await DocumentAsync(app, upload.DocumentId)).DocumentStatus);
        Assert.Empty(await BlobNamesAsync(app, "upload-events-deadletter"));
    }

    [Fact]
    public async Task AnEventForAnUploadAlreadyGoneIsDroppedAndAnUnreadableBlobIsLeftForAnOperator()
    {
        await using var app = TestApp.Create(storage);
        var deadLetters = Container(app, "upload-events-deadletter");
        await deadLetters.CreateIfNotExistsAsync(cancellationToken: Ct);
        await deadLetters.UploadBlobAsync("gone.json", Batch(app, "0123456789abcdef/report.pdf"), Ct);
        await deadLetters.UploadBlobAsync("garbage.json", BinaryData.FromString("{not json"), Ct);

        var (uploads, left) = await app.Get<DeadLetteredUploads>().ReprocessAsync(Ct);

        Assert.Equal((1, 1), (uploads, left));
        Assert.Equal(["garbage.json"], await BlobNamesAsync(app, "upload-events-deadletter"));
        Assert.Contains(app.Logs.Entries, e => e.Message.Contains("garbage.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingHappensWhenNothingWasEverDeadLettered()
    {
        await using var app = TestApp.Create(storage);

        Assert.Equal((0, 0), await app.Get<DeadLetteredUploads>().ReprocessAsync(Ct));
    }

    /// <summary>One dead-lettered BlobCreated event (Event Grid schema, with the properties dead-lettering adds).</summary>
    private static BinaryData Batch(TestApp app, string blobName) => BinaryData.FromString(JsonSerializer.Serialize(new object[]
    {
        new Dictionary<string, object>
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
            ["subject"] = $"/blobServices/default/containers/{app.Prefix}-uploads/blobs/{blobName}",
            ["eventType"] = "Microsoft.Storage.BlobCreated",
            ["eventTime"] = "2026-11-29T10:00:00Z",
            ["data"] = new Dictionary<string, object> { ["api"] = "PutBlob", ["blobType"] = "BlockBlob" },
            ["dataVersion"] = "",
            ["deadLetterReason"] = "MaxDeliveryAttemptsExceeded",
            ["deliveryAttempts"] = 30,
            ["lastDeliveryOutcome"] = "GenericError",
        },
    }));
}
