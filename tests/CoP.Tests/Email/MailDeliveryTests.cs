using System.Diagnostics.Metrics;
using Azure.Storage.Queues.Models;
using CoP.Functions.Health;
using CoP.Shared.Email.Queue;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
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

    // Review findings (review2): each test below fails on the code as it stands.

    [Fact]
    public async Task AMailWhoseSendsKeepTimingOutIsNotSentAgainAndAgain()
    {
        // SendGrid takes each mail but answers after the attempt's timeout: every attempt may have been accepted (and
        // here was). Each timed-out delivery is retried by the host, the retry defers the mail by putting a *new*
        // message back (its dequeue count starts again at 1), which claims it once the wait is over and sends again.
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        var time = new SteppedTimeProvider();
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>(Settings(sendGrid)) { ["Email:RequestTimeout"] = "00:00:00.300" }, time: time);
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();
        var deliveries = app.Get<MailDeliveryService>();

        for (var copy = 0; copy < QueuedMail.MaxDequeueCount; copy++)
        {
            await Assert.ThrowsAsync<CoP.Shared.Email.EmailDeliveryException>(() => deliveries.DeliverAsync(text, 1, Ct));
            Assert.Equal(MailDeliveryOutcome.Deferred, await deliveries.DeliverAsync(text, 2, Ct));
            time.Advance(deliveries.UnknownOutcomeWait);
        }

        // The README promises "twice rather than never"; the host's 5 deliveries never run out, so it goes on for ever.
        Assert.InRange(sendGrid.Requests.Count, 1, 2);
    }

    [Fact]
    public async Task ARegistrationWhoseMemberWriteFailedIsStillConfirmedWhenTheHostRetriesIt()
    {
        var time = new SteppedTimeProvider();
        await using var app = TestApp.Create(storage, time: time);
        await app.Get<MemberStore>().GetAsync(MemberStore.NewMemberId(), Ct); // the Members table exists, as in Azure
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();
        var deliveries = app.Get<MailDeliveryService>();

        // The address is claimed, then the member's insert fails (here: its table is briefly gone; in Azure a 5xx or a
        // timeout once the SDK's retries are spent, or the instance stopping between the two writes).
        await app.Table("Members").DeleteAsync(Ct);
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => deliveries.DeliverAsync(text, 1, Ct));
        await app.Table("Members").CreateIfNotExistsAsync(Ct);

        // host.json retries a failed message a minute later: the retry finds the claim its own first attempt made,
        // takes it for another registration still being written, and records "nothing to send" for good.
        time.Advance(TimeSpan.FromMinutes(1));
        var retry = await deliveries.DeliverAsync(text, 2, Ct);

        Assert.Equal(MailDeliveryOutcome.Sent, retry);
        Assert.Single(app.Outbox(), m => m.Category == "confirmation");
        var member = await MemberByEmailAsync(app, "amina.diallo@example.org");
        Assert.NotNull(member);
        var consent = await app.Table("ConsentLedger").QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: Ct).ToListAsync(Ct);
        Assert.All(consent, row => Assert.Equal(member.MemberId, row.PartitionKey)); // no record of a member that never existed
    }

    [Fact]
    public async Task ARegistrationWhoseAddressClaimLostItsAnswerIsStillConfirmed()
    {
        await using var app = TestApp.Create(storage);
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();

        // The claim's insert is applied, its answer lost; the storage client sends it again and gets 409: the
        // registration meets its own claim, without a member, and takes it for someone else's.
        var tables = StorageFaults.TablesWith(app, StorageFaults.LoseFirstAnswer(r => StorageFaults.Is(r, Azure.Core.RequestMethod.Post, "MemberEmails")));
        var deliveries = DeliveriesOver(app, ActivatorUtilities.CreateInstance<MemberStore>(app.Services, tables));

        var outcome = await deliveries.DeliverAsync(text, 1, Ct);

        Assert.Equal(MailDeliveryOutcome.Sent, outcome);
        Assert.Single(app.Outbox(), m => m.Category == "confirmation");
    }

    [Fact]
    public async Task ARegistrationThatMeetsAnEraseFinishingIsRegisteredAfreshNotDropped()
    {
        var time = new SteppedTimeProvider();
        await using var app = TestApp.Create(storage, time: time);
        var (member, _) = await ConfirmedMemberAsync(app);
        time.Advance(TimeSpan.FromMinutes(5));

        // An erase is half-way: the member row is gone, the email index entry not yet.
        await app.Table("Members").DeleteEntityAsync(member.MemberId, MemberEntity.Row, Azure.ETag.All, Ct);
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();

        // The registration releases the orphaned index entry; the erase releases it a moment before (404): the
        // registration answers "throttled" instead of claiming the now free address.
        var emails = app.Table("MemberEmails");
        var tables = StorageFaults.TablesWith(app, StorageFaults.BeforeFirst(
            r => StorageFaults.Is(r, Azure.Core.RequestMethod.Delete, "MemberEmails"),
            () => emails.DeleteEntityAsync(member.EmailKey, MemberEmailEntity.Row, Azure.ETag.All, Ct)));
        var deliveries = DeliveriesOver(app, ActivatorUtilities.CreateInstance<MemberStore>(app.Services, tables));

        var outcome = await deliveries.DeliverAsync(text, 1, Ct);
        foreach (var e in app.Logs.Entries) Console.WriteLine("LOG " + e.Message);
        Console.WriteLine("OUTCOME " + outcome);

        Assert.Equal(MailDeliveryOutcome.Sent, outcome);
        Assert.Equal(MemberStatus.Pending, (await MemberByEmailAsync(app, member.Email))?.MemberStatus);
    }

    [Fact]
    public async Task AClaimWhosePreparationOutlastsTheWaitIsNotTakenOverAndSentTwice()
    {
        var time = new SteppedTimeProvider();
        await using var app = TestApp.Create(storage, time: time);
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();
        var slow = new PausingPreparer(app.Get<IEnumerable<IMailPreparer>>().Single(p => p.Kind == RegistrationService.RegistrationMailKind));
        var deliveries = ActivatorUtilities.CreateInstance<MailDeliveryService>(app.Services, (IEnumerable<IMailPreparer>)[slow]);

        // The first delivery claims the mail, then its preparation is slow (storage throttling: SDK retries of
        // 30 s attempts). The claim's wait counts from the claim, before the preparation, not from the send.
        var first = deliveries.DeliverAsync(text, 1, Ct);
        await slow.Entered.Task.WaitAsync(Ct);
        time.Advance(deliveries.UnknownOutcomeWait);

        // Another copy of the message (a deferred copy, a redelivery) finds the claim "old" and takes the mail over.
        var second = await deliveries.DeliverAsync(text, 1, Ct);
        slow.Release.SetResult();

        // Exactly one of the two may send: the one whose claim still holds when it sends.
        Assert.Single(app.Outbox(), m => m.Category == "confirmation");
        Assert.Contains(MailDeliveryOutcome.Sent, new[] { second, await first });
    }

    [Fact]
    public async Task ARegistrationQueuedBeforeAnEraseDoesNotBringTheErasedPersonBack()
    {
        await using var app = TestApp.Create(storage);
        var (member, _) = await ConfirmedMemberAsync(app);

        // The member sends the form once more (or it waited in the queue while mail was held), then erases their data.
        await RegisterAsync(app, Registration(), deliver: false);
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct));
        await app.DeliverQueuedMailAsync(Ct);

        // "Nothing is sent to the address afterwards": yet the queued copy of their details becomes a new pending
        // member (name, organisation, address) and a confirmation goes to the erased address.
        Assert.Null(await MemberByEmailAsync(app, member.Email));
        Assert.Single(app.Outbox(), m => m.Category == "confirmation");
        Assert.DoesNotContain("Amina Diallo", await AllTableTextAsync(app), StringComparison.Ordinal);
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

    /// <summary>The app's mail delivery, with its membership preparers working over <paramref name="members"/> (a store with storage faults).</summary>
    private static MailDeliveryService DeliveriesOver(TestApp app, MemberStore members)
    {
        var registrations = ActivatorUtilities.CreateInstance<RegistrationService>(app.Services, members);
        var mailer = app.Get<MemberMailer>();
        IEnumerable<IMailPreparer> preparers = [new RegistrationMailPreparer(registrations, mailer), new AccessLinkMailPreparer(registrations, mailer)];
        return ActivatorUtilities.CreateInstance<MailDeliveryService>(app.Services, preparers);
    }

    /// <summary>A preparer whose first preparation waits for the test before it starts: a slow one.</summary>
    private sealed class PausingPreparer(IMailPreparer inner) : IMailPreparer
    {
        private int _calls;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Kind => inner.Kind;

        public async Task<CoP.Shared.Email.EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            return await inner.PrepareAsync(request, cancellationToken);
        }
    }

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
