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

        Assert.Equal<MailDeliveryResult[]>([new MailDeliveryResult.Sent(), new MailDeliveryResult.Duplicate(), new MailDeliveryResult.Duplicate()], [first, second, third]);
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
        Assert.Equal(1, outcomes.Count(o => o is MailDeliveryResult.Sent));
        Assert.All(outcomes.Where(o => o is not MailDeliveryResult.Sent), o => Assert.True(o is MailDeliveryResult.Deferred or MailDeliveryResult.Duplicate, o.ToString()));

        // The three prepared the registration at once (the claim comes only before the send): one member, one record.
        Assert.Equal((1, 1, 1), (await RowCountAsync(app, "Members"), await RowCountAsync(app, "MemberEmails"), await RowCountAsync(app, "ConsentLedger")));
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
        Assert.IsType<MailDeliveryResult.Deferred>(retry);
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

    // Review findings (review2).

    [Fact]
    public async Task AMailWhoseSendsKeepTimingOutIsNotSentAgainAndAgain()
    {
        // SendGrid takes each mail but answers after the attempt's timeout: every attempt may have been accepted (and
        // here was). Each timed-out delivery is retried by the host, the retry defers the mail by putting a *new*
        // message back (its dequeue count starts again at 1), which looks at the mail again once the wait is over.
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        sendGrid.RespondBy(_ => FakeSendGridResponse.Hang(TimeSpan.FromSeconds(2)));
        var time = new SteppedTimeProvider();
        await using var app = TestApp.Create(storage, new Dictionary<string, string?>(Settings(sendGrid)) { ["Email:RequestTimeout"] = "00:00:00.300" }, time: time);
        await RegisterAsync(app, Registration(), deliver: false);
        var text = (await ReceiveAsync(app)).Body.ToString();
        var deliveries = app.Get<MailDeliveryService>();

        var outcomes = new List<string>();
        for (var copy = 0; copy < QueuedMail.MaxDequeueCount; copy++)
        {
            var failure = await Record.ExceptionAsync(async () => outcomes.Add((await deliveries.DeliverAsync(text, 1, Ct)).GetType().Name));
            if (failure is not null)
            {
                // The host retries the failed message at once (here): the send may still be under way, so it is deferred.
                Assert.IsType<CoP.Shared.Email.EmailDeliveryException>(failure);
                outcomes.Add("failed");
                Assert.IsType<MailDeliveryResult.Deferred>(await deliveries.DeliverAsync(text, 2, Ct));
            }

            time.Advance(deliveries.UnknownOutcomeWait);
        }

        // "Twice rather than never", and never a third time: the second unanswered send ends it, without a failure that
        // would only bring the message back.
        Assert.Equal(["failed", "failed", nameof(MailDeliveryResult.Unanswered), nameof(MailDeliveryResult.Duplicate), nameof(MailDeliveryResult.Duplicate)], outcomes);
        Assert.Equal(2, sendGrid.Requests.Count);
        var delivery = await app.Get<MailDeliveryStore>().GetAsync(MailRequest.Parse(text)!.MailId, Ct);
        Assert.Equal((MailDeliveryState.Unanswered, 1), (delivery!.DeliveryState, delivery.UnansweredSends));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("no answer from two sends", StringComparison.Ordinal));
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

        Assert.IsType<MailDeliveryResult.Sent>(retry);
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
        var deliveries = DeliveriesOver(app, ActivatorUtilities.CreateInstance<MemberEmailIndex>(app.Services, tables));

        var outcome = await deliveries.DeliverAsync(text, 1, Ct);

        Assert.IsType<MailDeliveryResult.Sent>(outcome);
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

        // The registration releases the orphaned index entry; the erase releases it a moment before (on Azure: 404), so
        // the registration's release fails: it must look again and claim the now free address, not answer "throttled".
        var emails = app.Table("MemberEmails");
        var tables = StorageFaults.TablesWith(app, StorageFaults.BeforeFirst(
            r => StorageFaults.Is(r, Azure.Core.RequestMethod.Delete, "MemberEmails"),
            () => emails.DeleteEntityAsync(member.EmailKey, MemberEmailEntity.Row, Azure.ETag.All, Ct)));
        var deliveries = DeliveriesOver(app, ActivatorUtilities.CreateInstance<MemberEmailIndex>(app.Services, tables));

        var outcome = await deliveries.DeliverAsync(text, 1, Ct);

        Assert.IsType<MailDeliveryResult.Sent>(outcome);
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

        // The first delivery's preparation is slow (storage throttling: SDK retries of 30 s attempts), longer than the
        // wait for an unanswered send. A claim made before the preparation would look "old" to another delivery by now.
        var first = deliveries.DeliverAsync(text, 1, Ct);
        await slow.Entered.Task.WaitAsync(Ct);
        time.Advance(deliveries.UnknownOutcomeWait);

        // Another copy of the message (a deferred copy, a redelivery) delivers the mail meanwhile.
        var second = await deliveries.DeliverAsync(text, 1, Ct);
        slow.Release.SetResult();
        var outcomes = new[] { second, await first };

        // Exactly one of the two sends; the other finds the mail claimed or sent (and was awaited before counting).
        Assert.Single(app.Outbox(), m => m.Category == "confirmation");
        Assert.Single(outcomes, o => o is MailDeliveryResult.Sent);
    }

    [Fact]
    public async Task ARegistrationQueuedBeforeAnEraseIsANewRegistrationAndDoesNotBringTheErasedMemberBack()
    {
        await using var app = TestApp.Create(storage);
        var (member, token) = await ConfirmedMemberAsync(app);

        // The member sends the form once more (or it waited in the queue while mail was held), then erases their data.
        await RegisterAsync(app, Registration(), deliver: false);
        Assert.True(await app.Get<MemberAccountService>().EraseAsync(member.MemberId, new RequestOrigin(null, "test"), Ct));
        await app.DeliverQueuedMailAsync(Ct);

        // Nothing may remember an erased address, not even its keyed hash, and a request does not look the address up:
        // so the queued registration cannot be told from one sent after the erase. It is a new registration, double
        // opt-in like any (a pending member under a new id, purged unless confirmed); the erased member stays erased.
        var again = await MemberByEmailAsync(app, member.Email);
        Assert.NotNull(again);
        Assert.NotEqual(member.MemberId, again.MemberId);
        Assert.Equal(MemberStatus.Pending, again.MemberStatus);
        var confirmation = Assert.Single(app.Outbox(), m => m.Category == "confirmation"); // the erase took the first one's local copy
        var link = app.Get<MemberTokenService>().Verify(TokenFromLink(confirmation.TextBody, "/api/registrations/confirm"));
        Assert.Equal(again.MemberId, link.Token!.MemberId);
        Assert.Single(app.Outbox(), m => m.Category == "erase-receipt");
        Assert.Null(await app.Get<MemberStore>().GetAsync(member.MemberId, Ct));
        Assert.Equal(401, (await GetProfileAsync(app, token)).Status);
        Assert.Equal("erase", (await app.Get<ConsentLedger>().HistoryAsync(member.MemberId, Ct))[^1].Event);
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

    private static Task<MailDeliveryResult> DeliverAsync(TestApp app, QueueMessage message) =>
        app.Get<MailDeliveryService>().DeliverAsync(message.Body.ToString(), message.DequeueCount, Ct);

    /// <summary>The app's mail delivery, with its membership preparers working over <paramref name="emails"/> (an email index with storage faults).</summary>
    private static MailDeliveryService DeliveriesOver(TestApp app, MemberEmailIndex emails)
    {
        var decider = ActivatorUtilities.CreateInstance<MemberMailDecider>(app.Services, emails);
        var mailer = app.Get<MemberMailer>();
        IEnumerable<IMailPreparer> preparers = [new RegistrationMailPreparer(decider, mailer), new AccessLinkMailPreparer(decider, mailer)];
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
