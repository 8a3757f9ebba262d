using System.Net;
using CoP.Functions.Newsletter;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using CoP.TestSupport;
using static CoP.Tests.Newsletter.NewsletterTestFlows;

namespace CoP.Tests.Newsletter;

/// <summary>
/// What each of SendGrid's failures does to a send, one named case at a time: retried answers, batches of unknown
/// outcome, refusals, a rejected key, and runs that overlap. <see cref="NewsletterFaultTests"/> mixes them at random.
/// </summary>
public sealed class SendGridFailureTests(StorageFixture storage)
{
    [Fact]
    public async Task WithoutAUsableSendGridKeyTheIssueIsHeldBeforeAnythingIsRecordedAndSentLaterInFull()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, sendGrid, new Dictionary<string, string?> { ["Email:SendGridApiKey"] = "@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)" });
        await using var _app = app;
        var subscribers = await SubscribersAsync(app, 3);
        await SetNoteAsync(app, "News");

        var response = await SendNowAsync(app);
        var timer = await Record.ExceptionAsync(() => RunTimerAsync(app));

        // Nothing was composed, recorded or sent: no issue row, no ledger row, no request, nothing in an outbox.
        Assert.Equal(503, response.Status);
        Assert.Contains("Email__SendGridApiKey", response.Json().GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.IsType<CoP.Functions.Newsletter.NewsletterIncompleteException>(timer);
        Assert.Null(await IssueAsync(app));
        Assert.Equal(0, await Members.MemberTestFlows.RowCountAsync(app, "NewsletterDeliveries"));
        Assert.Empty(sendGrid.Requests);

        // Once the key is there, the same issue goes to everyone, as if the held runs had never happened.
        var (fixedApp, _) = CreateApp(storage, sendGrid, prefix: app.Prefix);
        await using var _fixed = fixedApp;
        Assert.Equal(200, (await SendNowAsync(fixedApp)).Status);
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task ATooManyRequestsAnswerIsRetriedAfterItsRetryAfterAndEveryoneGetsOneCopy()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.TooManyRequests(1));
        await using var app = CreateRealTimeApp(storage, sendGrid);
        var subscribers = await SubscribersAsync(app, 4);
        await SetNoteAsync(app, "News");

        var response = await SendNowAsync(app);

        Assert.Equal("sent", response.Json().GetProperty("state").GetString());
        Assert.Equal(2, sendGrid.Requests.Count);
        Assert.True(sendGrid.Requests[1].ReceivedAfter - sendGrid.Requests[0].ReceivedAfter >= TimeSpan.FromSeconds(0.9));
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task RecipientsSendGridKeptRefusingWith500AreSentByTheRetryAndNobodyTwice()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(n => n == 1 ? null : FakeSendGridResponse.ServerError);
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:BatchSize"] = "3", ["Newsletter:MaxParallelRequests"] = "1" });
        var subscribers = await SubscribersAsync(app, 9);
        await SetNoteAsync(app, "News");

        var first = await SendNowAsync(app);
        sendGrid.RespondBy(_ => null);
        var retry = await SendNowAsync(app);

        Assert.Equal("sending", first.Json().GetProperty("state").GetString());
        Assert.Equal(6, first.Json().GetProperty("waiting").GetInt32());
        Assert.Equal(IssueState.Sent, (await IssueAsync(app, CurrentIssueId(app)))!.IssueState);
        Assert.Equal("sent", retry.Json().GetProperty("state").GetString());
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task TheTimerFailsSoThatThePlatformRetriesWhenRecipientsAreStillWaiting()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.ServiceUnavailable);
        var (app, _) = CreateApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:MaxRetries"] = "0" });
        await using var _app = app;
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");

        await Assert.ThrowsAsync<NewsletterIncompleteException>(() => RunTimerAsync(app));

        sendGrid.RespondBy(_ => null);
        await RunTimerAsync(app);
        Assert.Equal(2, AcceptedCopies(sendGrid).Count);
        Assert.Equal(IssueState.Sent, (await IssueAsync(app))!.IssueState);
    }

    [Fact]
    public async Task ATimedOutBatchIsNotSentAgainButSettledByTheWebhooksEvents()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:AdminEmail"] = "admin@cop.example.org" });
        var subscribers = await SubscribersAsync(app, 3);
        await SetNoteAsync(app, "News");

        var first = await SendNowAsync(app);
        var again = await SendNowAsync(app);

        Assert.Equal("needsAttention", first.Json().GetProperty("state").GetString());
        Assert.Equal(3, first.Json().GetProperty("unknown").GetInt32());
        Assert.Equal("needsAttention", again.Json().GetProperty("state").GetString());
        var alerts = sendGrid.Requests.Where(r => !IsNewsletter(r)).ToList();
        Assert.Equal(2, alerts.Count);
        Assert.Contains("admin@cop.example.org", alerts[0].Body, StringComparison.Ordinal);
        Assert.Single(sendGrid.Requests, IsNewsletter);

        await ReportProcessedAsync(app, sendGrid.Requests[0], DateTimeOffset.UtcNow);
        var settled = await SendNowAsync(app);

        Assert.Equal("sent", settled.Json().GetProperty("state").GetString());
        Assert.Equal(3, settled.Json().GetProperty("accepted").GetInt32());
        Assert.Single(sendGrid.Requests, IsNewsletter);
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Fact]
    public async Task AnAdminCanSendABatchOfUnknownOutcomeAgainAfterCheckingSendGrid()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        await using var app = CreateRealTimeApp(storage, sendGrid);
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");
        await SendNowAsync(app);

        var resent = await SendNowAsync(app, resendUnknown: true);

        Assert.Equal("sent", resent.Json().GetProperty("state").GetString());
        Assert.Equal(2, sendGrid.Requests.Count(IsNewsletter));
    }

    [Fact]
    public async Task ASilentBatchIsSentAgainOnlyOnceTheWebhookReportedOthersAndTheWaitIsOver()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["EmailEvents:PublicKey"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            ["Newsletter:UnknownOutcomeWait"] = "00:00:03",
            ["Newsletter:BatchSize"] = "1",
            ["Newsletter:MaxParallelRequests"] = "1",
        });
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");
        await SendNowAsync(app);
        await ReportProcessedAsync(app, sendGrid.Requests[1], DateTimeOffset.UtcNow);

        var early = await SendNowAsync(app);
        await Task.Delay(TimeSpan.FromSeconds(3.2), Ct);
        var late = await SendNowAsync(app);

        Assert.Equal("needsAttention", early.Json().GetProperty("state").GetString());
        Assert.Equal("sent", late.Json().GetProperty("state").GetString());
        Assert.Equal(3, sendGrid.Requests.Count(IsNewsletter));
        Assert.Equal(Copies(sendGrid.Requests[0]).Single().MemberId, Copies(sendGrid.Requests[2]).Single().MemberId);
    }

    [Fact]
    public async Task SilenceProvesNothingWhenTheWebhookNeverReportedThisIssue()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?>
        {
            ["EmailEvents:PublicKey"] = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            ["Newsletter:UnknownOutcomeWait"] = "00:00:00",
        });
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");
        await SendNowAsync(app);

        var again = await SendNowAsync(app);

        Assert.Equal("needsAttention", again.Json().GetProperty("state").GetString());
        Assert.Single(sendGrid.Requests, IsNewsletter);
    }

    [Fact]
    public async Task ARefusedBatchIsReportedAndNotSentAgain()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.BadRequest);
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:AdminEmail"] = "admin@cop.example.org" });
        await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");

        var first = await SendNowAsync(app);
        var again = await SendNowAsync(app);

        Assert.Equal("needsAttention", first.Json().GetProperty("state").GetString());
        Assert.Equal(2, again.Json().GetProperty("refused").GetInt32());
        Assert.Single(sendGrid.Requests, IsNewsletter);
        var issue = (await IssueAsync(app, CurrentIssueId(app)))!;
        Assert.Equal(IssueState.NeedsAttention, issue.IssueState);
        Assert.Contains("refused", issue.Note, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("@example.org", StringComparison.Ordinal));

        var released = await SendNowAsync(app, resendRefused: true);
        Assert.Equal("sent", released.Json().GetProperty("state").GetString());
        Assert.Equal(2, sendGrid.Requests.Count(IsNewsletter));
    }

    [Fact]
    public async Task ARejectedApiKeyLeavesEveryoneWaitingAndAlertsOnceUntilTheKeyWorks()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(n => new FakeSendGridResponse(401));
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:AdminEmail"] = "admin@cop.example.org", ["Newsletter:MaxRetries"] = "0" });
        var subscribers = await SubscribersAsync(app, 2);
        await SetNoteAsync(app, "News");

        var first = await SendNowAsync(app);
        await SendNowAsync(app);
        sendGrid.RespondBy(_ => null);
        var fixedKey = await SendNowAsync(app);

        Assert.Equal("sending", first.Json().GetProperty("state").GetString());
        Assert.Equal("sent", fixedKey.Json().GetProperty("state").GetString());
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
        Assert.Single(sendGrid.Requests, r => !IsNewsletter(r));
    }

    [Fact]
    public async Task TwoRunsAtOnceSendEachCopyOnce()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = CreateRealTimeApp(storage, sendGrid, new Dictionary<string, string?> { ["Newsletter:BatchSize"] = "10" });
        var subscribers = await SubscribersAsync(app, 200);
        await SetNoteAsync(app, "News");

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => SendNowAsync(app), Ct)));

        Assert.Contains(runs, r => r.Status == 200 && r.Json().GetProperty("state").GetString() == "sent");
        Assert.All(runs, r => Assert.True(r.Status is 200 or 409, $"status {r.Status}"));
        Assert.Equal(subscribers.Order(), AcceptedCopies(sendGrid).Select(c => c.MemberId).Order());
    }

    [Theory]
    [InlineData("7", null, 7)]
    [InlineData(null, 30, 30)]
    [InlineData("600", null, 60)]
    [InlineData(null, -30, 0)]
    public void RetryWaitsFollowRetryAfterOrTheRateLimitResetCappedAtAMinute(string? retryAfter, int? resetInSeconds, int expectedSeconds)
    {
        var now = DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        if (resetInSeconds is { } reset)
        {
            response.Headers.TryAddWithoutValidation("X-RateLimit-Reset", now.AddSeconds(reset).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), NewsletterRetryDelays.FromHeaders(response, now));
        Assert.True(NewsletterRetryDelays.IsRetried(response));
    }
}
