using System.Text.Json;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using CoP.Tests.EmailEvents;
using CoP.TestSupport;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>
/// An admin's send in the background (202, the queue, the status route), an issue that needs attention settled by the
/// webhook alone, and a member's deliveries exported and erased.
/// </summary>
public sealed class NewsletterQueuedSendTests(StorageFixture storage)
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task SendNowAnswers202WithTheStatusLocationAndTheQueuedRunSendsTheIssue()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 3);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");

        var posted = await PostSendAsync(app);
        var location = posted.Headers.Location.ToString();
        var before = await StatusAsync(app, location);

        Assert.Equal(202, posted.Status);
        Assert.Equal($"/api/manage/newsletter/issues/{IssueId}", location);
        Assert.Equal(IssueId, posted.Json().GetProperty("issueId").GetString());
        Assert.Equal((200, "composing"), (before.Status, before.Json().GetProperty("state").GetString()));
        Assert.Empty(sendGrid.Requests);

        var drain = await app.RunQueuedNewsletterSendsAsync(Ct);
        var after = await StatusAsync(app, location);

        Assert.Equal((1, 0), (drain.Delivered, drain.Failures.Count));
        Assert.Equal("sent", after.Json().GetProperty("state").GetString());
        Assert.Equal(3, after.Json().GetProperty("accepted").GetInt32());
        Assert.False(after.Json().GetProperty("running").GetBoolean());
        Assert.Empty(after.Json().GetProperty("batchesNeedingAttention").EnumerateArray());
        Assert.EndsWith($"/newsletter/issues/{IssueId}", after.Json().GetProperty("archiveUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("no-store", after.Headers.CacheControl.ToString());
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
        Assert.Equal(0, await QueuedRunsAsync(app));
    }

    [Fact]
    public async Task ARunSendGridKeepsRefusingIsPutBackForLaterAndTheStatusSaysWhoIsWaiting()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.ServerError);
        var (app, _) = CreateApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:MaxRetries"] = "0" });
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");

        var status = await SendNowAsync(app);

        Assert.Equal("sending", status.Json().GetProperty("state").GetString());
        Assert.Equal(2, status.Json().GetProperty("waiting").GetInt32());
        Assert.Equal(1, await QueuedRunsAsync(app));
        var queue = await app.Get<NewsletterRunRequests>().GetClientAsync(Ct);
        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 1, cancellationToken: Ct)).Value);
    }

    [Fact]
    public async Task TheStatusRouteAnswers404ForAnUnknownOrMalformedIssueAndSendNowChecksTheBodyFirst()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var unknown = await StatusAsync(app, "/api/manage/newsletter/issues/2020-01-06-0800");
        var malformed = await StatusAsync(app, "/api/manage/newsletter/issues/..%2Fsecrets");
        var request = app.Raw("POST", "/api/manage/newsletter/send", "{\"issueId\": 7}", "application/json");
        var badBody = await TestResponse.ExecuteAsync(await app.Function<CoP.Functions.Newsletter.SendNewsletterNowFunction>().SendNewsletterNow(request, Ct), request);

        Assert.Equal(404, unknown.Status);
        Assert.Equal(404, malformed.Status);
        Assert.Equal("application/problem+json", unknown.ContentType);
        Assert.Equal(400, badBody.Status);
        Assert.Equal(0, await QueuedRunsAsync(app));
        Assert.Null(await IssueAsync(app));
    }

    [Fact]
    public async Task AnIssueThatNeedsAttentionIsSentAndArchivedOnceTheWebhookSettlesItsLastBatch()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        using var signer = new SendGridSigner();
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["EmailEvents:PublicKey"] = signer.PublicKey });
        await SubscribersAsync(app, 3);
        await SetNoteAsync(app, "News");
        var first = await SendNowAsync(app);
        var issueId = CurrentIssueId(app);
        Assert.Equal("needsAttention", first.Json().GetProperty("state").GetString());
        Assert.Equal("unknown", first.Json().GetProperty("batchesNeedingAttention")[0].GetProperty("state").GetString());
        Assert.Empty((await GetAsync(app, "/api/newsletter/issues")).Json().GetProperty("issues").EnumerateArray());

        var copy = Copies(sendGrid.Requests.First(IsNewsletter)).First();
        var delivered = EmailEventTestFlows.Event("delivered", copy.MemberId);
        delivered["issueId"] = copy.IssueId;
        delivered["batchId"] = copy.BatchId;
        var posted = await EmailEventTestFlows.PostAsync(app, EmailEventTestFlows.Body(delivered), signer);

        Assert.Equal(200, posted.Status);
        var status = await StatusAsync(app, $"/api/manage/newsletter/issues/{issueId}");
        Assert.Equal("sent", status.Json().GetProperty("state").GetString());
        Assert.Equal((3, 0), (status.Json().GetProperty("accepted").GetInt32(), status.Json().GetProperty("unknown").GetInt32()));
        Assert.Empty(status.Json().GetProperty("batchesNeedingAttention").EnumerateArray());
        var archive = (await GetAsync(app, "/api/newsletter/issues")).Json().GetProperty("issues");
        Assert.Equal([issueId], archive.EnumerateArray().Select(i => i.GetProperty("issueId").GetString()));
        Assert.Single(sendGrid.Requests, IsNewsletter);
    }

    [Fact]
    public async Task AnIssueIsSentWhenTheWebhookReportedItsBatchWhileTheRunStillWaitedForTheAnswer()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(10)));
        using var signer = new SendGridSigner();
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["EmailEvents:PublicKey"] = signer.PublicKey,
            ["Newsletter:RequestTimeout"] = "00:00:03",
        });
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");

        // The run's request times out (unknown outcome), but SendGrid's event for it arrives before the run ends.
        var send = Task.Run(() => SendNowAsync(app), Ct);
        while (!sendGrid.Requests.Any(IsNewsletter))
        {
            await Task.Delay(20, Ct);
        }

        var copy = Copies(sendGrid.Requests.First(IsNewsletter)).First();
        var processed = EmailEventTestFlows.Event("processed", copy.MemberId);
        processed["issueId"] = copy.IssueId;
        processed["batchId"] = copy.BatchId;
        Assert.Equal(200, (await EmailEventTestFlows.PostAsync(app, EmailEventTestFlows.Body(processed), signer)).Status);
        var status = await send;

        Assert.Equal("sent", status.Json().GetProperty("state").GetString());
        Assert.Equal(2, status.Json().GetProperty("accepted").GetInt32());
        Assert.Single(sendGrid.Requests, IsNewsletter);
    }

    [Fact]
    public async Task AnIssueWithARefusedBatchStillWaitsForTheAdminWhenEventsArrive()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        using var signer = new SendGridSigner();
        sendGrid.RespondBy(n => n == 1 ? new FakeSendGridResponse(400) : null);
        var (app, _) = CreateApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["EmailEvents:PublicKey"] = signer.PublicKey,
            ["Newsletter:BatchSize"] = "1",
            ["Newsletter:MaxParallelRequests"] = "1",
        });
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");
        Assert.Equal("needsAttention", (await SendNowAsync(app)).Json().GetProperty("state").GetString());

        var copy = Copies(sendGrid.Requests.Last(r => r.Accepted && IsNewsletter(r))).Single();
        var delivered = EmailEventTestFlows.Event("delivered", copy.MemberId);
        delivered["issueId"] = copy.IssueId;
        delivered["batchId"] = copy.BatchId;
        await EmailEventTestFlows.PostAsync(app, EmailEventTestFlows.Body(delivered), signer);

        Assert.Equal(IssueState.NeedsAttention, (await IssueAsync(app))!.IssueState);
    }

    [Fact]
    public async Task AMembersDeliveriesAreExportedAndErasedWhileTheIssueCountsStay()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid);
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 2);
        await PublishedDocumentAsync(app, Slot.AddMinutes(5), "Biochar field trials");
        await SendNowAsync(app);
        var (leaving, staying) = (subscribers[0], subscribers[1]);

        var exported = await DeliveriesExportAsync(app, leaving);

        var record = Assert.Single(exported);
        Assert.Equal(IssueId, record.GetProperty("issueId").GetString());
        Assert.Equal(nameof(BatchState.Accepted), record.GetProperty("batchState").GetString());
        Assert.Equal(Copies(sendGrid.Requests.Single()).Single(c => c.MemberId == leaving).BatchId, record.GetProperty("batchId").GetString());

        var holder = app.Get<IEnumerable<IMemberDataHolder>>().OfType<NewsletterDeliveryMemberData>().Single();
        var member = (await app.Get<MemberStore>().GetAsync(leaving, Ct))!;
        await holder.EraseAsync(member, Ct);
        await holder.EraseAsync(member, Ct);

        var store = app.Get<DeliveryLedgerStore>();
        Assert.Null(await store.GetLedgerRowAsync(IssueId, NewsletterDeliveryEntity.MemberRow(leaving), Ct));
        Assert.NotNull(await store.GetLedgerRowAsync(IssueId, NewsletterDeliveryEntity.MemberRow(staying), Ct));
        Assert.Empty(await DeliveriesExportAsync(app, leaving));
        Assert.Single(await DeliveriesExportAsync(app, staying));
        var batches = new List<NewsletterDeliveryEntity>();
        await foreach (var batch in store.ReadBatchRowsAsync(IssueId, Ct))
        {
            batches.Add(batch);
        }

        Assert.Equal(2, Assert.Single(batches).Recipients);
        Assert.Equal(2, (await IssueAsync(app))!.Recipients);
        Assert.Equal("sent", (await SendNowAsync(app)).Json().GetProperty("state").GetString());
        Assert.Single(sendGrid.Requests);
    }

    private static async Task<List<JsonElement>> DeliveriesExportAsync(TestApp app, string memberId)
    {
        var export = (await app.Get<MemberAccountService>().ExportAsync(memberId, Ct))!;
        var section = JsonSerializer.SerializeToElement(export.Records["newsletterDeliveries"], ExportJson);
        return [.. section.EnumerateArray()];
    }

    private static async Task<int> QueuedRunsAsync(TestApp app)
    {
        var queue = await app.Get<NewsletterRunRequests>().GetClientAsync(Ct);
        return (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
    }
}
