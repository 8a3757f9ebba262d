using System.Diagnostics.Metrics;
using Azure.Storage.Queues.Models;
using CoP.Functions.Health;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.Logging;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Email;

/// <summary>
/// The transactional mail queue end to end: requests queue, <c>DeliverEmail</c> sends through the fake SendGrid, the
/// host's retries and poison queue are played by <see cref="TestApp.DeliverQueuedMailAsync"/> or by handing the same
/// message over again, and the fake's records say how many mails really went out.
/// </summary>
public sealed class MailDeliveryTests(StorageFixture storage)
{
    [Fact]
    public async Task AMessageDeliveredAgainAfterSendGridAcceptedItSendsNothingTheSecondTime()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, Settings(sendGrid));
        await RegisterAsync(app, Registration(), deliver: false);
        var message = await ReceiveAsync(app);

        // The host hands the message over, the send is accepted, and then the host loses it (no delete):
        // it comes back, as queue messages do.
        var first = await DeliverAsync(app, message);
        var second = await DeliverAsync(app, message);
        var third = await DeliverAsync(app, message);

        Assert.Equal((MailDeliveryOutcome.Sent, MailDeliveryOutcome.Duplicate, MailDeliveryOutcome.Duplicate), (first, second, third));
        var request = Assert.Single(sendGrid.Requests);
        Assert.Contains("\"confirmation\"", request.Body, StringComparison.Ordinal);
        Assert.Contains(MailRequest.Parse(message.Body.ToString())!.MailId, request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameMessageDeliveredTwiceAtOnceSendsOneMail()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.Hang(TimeSpan.FromMilliseconds(300)));
        await using var app = TestApp.Create(storage, Settings(sendGrid));
        await RegisterAsync(app, Registration(), deliver: false);
        var message = await ReceiveAsync(app);

        var outcomes = await Task.WhenAll(DeliverAsync(app, message), DeliverAsync(app, message), DeliverAsync(app, message));

        Assert.Single(sendGrid.Requests);
        Assert.Equal(1, outcomes.Count(o => o == MailDeliveryOutcome.Sent));
        Assert.All(outcomes.Where(o => o != MailDeliveryOutcome.Sent), o => Assert.Contains(o, new[] { MailDeliveryOutcome.Deferred, MailDeliveryOutcome.Duplicate }));
    }

    [Fact]
    public async Task ARefusedSendIsRetriedByTheQueueAndTheRegistrationStillGetsItsConfirmation()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.ServerError, count: 2);
        await using var app = TestApp.Create(storage, Settings(sendGrid));

        await RegisterAsync(app, Registration(), deliver: false);
        var drain = await app.DeliverQueuedMailAsync(Ct);

        // Two deliveries failed on SendGrid's 500; the third sent. The member's allowance was used by the first
        // attempt, which decided the mail: the retries decided the same instead of finding themselves throttled.
        Assert.Equal((1, 2, 0), (drain.Delivered, drain.Failures.Count, drain.Poisoned));
        Assert.Equal(3, sendGrid.Requests.Count);
        Assert.Contains("\"confirmation\"", sendGrid.Requests[^1].Body, StringComparison.Ordinal);
        Assert.Equal(1, await RowCountAsync(app, "Members"));
    }

    [Fact]
    public async Task AMailThatKeepsFailingGoesToThePoisonQueueWithAnErrorAndACountAndNoAddressInTheLog()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.ServerError);
        await using var app = TestApp.Create(storage, Settings(sendGrid));
        using var poisoned = new PoisonCounter();

        await RegisterAsync(app, Registration(), deliver: false);
        var mailId = MailRequest.Parse((await PeekAsync(app)).Body.ToString())!.MailId;
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal((0, QueuedMail.MaxDequeueCount, 1), (drain.Delivered, drain.Failures.Count, drain.Poisoned));
        Assert.Equal(QueuedMail.MaxDequeueCount, sendGrid.Requests.Count);
        Assert.Equal(1, poisoned.Count);
        var error = Assert.Single(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("poison queue", StringComparison.Ordinal));
        Assert.Contains(mailId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Entries, e => e.AllText.Contains("amina", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AnUnreadableMessageIsPoisonedRatherThanRetriedForEver()
    {
        await using var app = TestApp.Create(storage);
        var queue = await app.Get<QueuedMail>().GetClientAsync(Ct);
        await queue.SendMessageAsync("{\"not\":\"a mail request\"}", Ct);

        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal((0, 1), (drain.Delivered, drain.Poisoned));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("(unreadable)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAttemptWithoutAnAnswerIsNotRepeatedWhileItMayStillHaveBeenAccepted()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.Enqueue(FakeSendGridResponse.Hang(TimeSpan.FromSeconds(10)));
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>(Settings(sendGrid)) { ["Email:RequestTimeout"] = "00:00:00.300" });
        await RegisterAsync(app, Registration(), deliver: false);
        var message = await ReceiveAsync(app);

        await Assert.ThrowsAsync<CoP.Shared.Email.EmailDeliveryException>(() => DeliverAsync(app, message));
        var retry = await DeliverAsync(app, message);

        // The first attempt timed out: SendGrid may have taken it. The retry puts the mail back for later instead of
        // sending a second copy now.
        Assert.Equal(MailDeliveryOutcome.Deferred, retry);
        Assert.Single(sendGrid.Requests);
        var delivery = await app.Get<MailDeliveryStore>().GetAsync(MailRequest.Parse(message.Body.ToString())!.MailId, Ct);
        Assert.Equal(MailDeliveryState.Sending, delivery!.DeliveryState);
    }

    [Fact]
    public async Task WithoutAUsableSendGridKeyMailWaitsInTheQueueAndHealthSaysWhy()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>(Settings(sendGrid))
        {
            ["Email:SendGridApiKey"] = "@Microsoft.KeyVault(VaultName=kv-cop;SecretName=sendgrid-api-key)",
        });

        var answer = await RegisterAsync(app, Registration(), deliver: false);
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(202, answer.Status);
        Assert.Equal((1, 0), (drain.Delivered, drain.Failures.Count));
        Assert.Empty(sendGrid.Requests);
        Assert.Empty(app.Outbox());
        Assert.Equal(1, await app.QueuedMailCountAsync(Ct));
        Assert.Equal(0, await RowCountAsync(app, "MailDeliveries"));
        Assert.Equal(0, await RowCountAsync(app, "Members"));

        var request = app.Get("/api/health");
        var health = await TestResponse.ExecuteAsync(await app.Function<GetHealthFunction>().GetHealth(request, Ct), request);
        Assert.Equal(503, health.Status);
        Assert.Equal("notReady", health.Json().GetProperty("checks").GetProperty("email").GetString());
        Assert.Contains("Email__SendGridApiKey", health.Json().GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthIsGoodWhenTheOutboxIsTheChosenTransport()
    {
        await using var app = TestApp.Create(storage);
        var request = app.Get("/api/health");

        var health = await TestResponse.ExecuteAsync(await app.Function<GetHealthFunction>().GetHealth(request, Ct), request);

        Assert.Equal(200, health.Status);
        Assert.Equal("ok", health.Json().GetProperty("checks").GetProperty("email").GetString());
    }

    [Fact]
    public async Task AnEraseReceiptIsQueuedAndReachesTheErasedAddressOnce()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct);
        var queued = await app.QueuedMailCountAsync(Ct);
        await app.DeliverQueuedMailAsync(Ct);

        Assert.Equal(1, queued);
        var receipt = Assert.Single(app.Outbox(), m => m.Category == "erase-receipt");
        Assert.Equal(member.Email, receipt.To.Address);
        Assert.DoesNotContain("memberId", receipt.CustomArgs.Keys);
    }

    private static Dictionary<string, string?> Settings(FakeSendGridServer sendGrid) =>
        new(Members.RegistrationThroughSendGridTests.SendGridSettings(sendGrid)) { ["Email:MaxRetries"] = "0" };

    private static async Task<QueueMessage> ReceiveAsync(TestApp app)
    {
        var queue = await app.Get<QueuedMail>().GetClientAsync(Ct);
        var messages = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5), Ct)).Value;
        return Assert.Single(messages);
    }

    private static async Task<PeekedMessage> PeekAsync(TestApp app)
    {
        var queue = await app.Get<QueuedMail>().GetClientAsync(Ct);
        return Assert.Single((await queue.PeekMessagesAsync(1, Ct)).Value);
    }

    private static Task<MailDeliveryOutcome> DeliverAsync(TestApp app, QueueMessage message) =>
        app.Get<MailDeliveryService>().DeliverAsync(message.Body.ToString(), message.DequeueCount, Ct);

    /// <summary>Listens to the poison counter, as a metrics exporter would.</summary>
    private sealed class PoisonCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public PoisonCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == MailDeliveryService.MeterName && instrument.Name == "cop.mail.poisoned")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
