using CoP.Shared.Events;
using CoP.Shared.Events.Reminders;
using Microsoft.Extensions.Options;
using static CoP.Tests.Events.Reminders.ReminderTestFlows;

namespace CoP.Tests.Events.Reminders;

/// <summary>
/// The operators' mail after an event (materials, report, attendance): once per event and operator across runs that
/// overlap or follow a crash, to the addresses of <c>Console__Operators</c>, which the console keeps only as hashes.
/// </summary>
public sealed class EventFollowUpTests(StorageFixture storage)
{
    private const string Category = EventReminderMails.FollowUpKind;

    [Fact]
    public async Task EachOperatorGetsOneMailAfterTheEventEndsWhateverHowManyRunsFollow()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, Start.AddHours(1));

        await RunAndDeliverAsync(app);
        Assert.Empty(Mails(app, Category));

        time.Advance(TimeSpan.FromHours(3));
        await Task.WhenAll(RunAsync(app), RunAsync(app));
        await RunAndDeliverAsync(app);
        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);

        var mails = Mails(app, Category);
        Assert.Equal(["Ops-Two@example.org", "ops-one@example.org"], mails.Select(m => m.To.Address).Order(StringComparer.Ordinal));
        foreach (var mail in mails)
        {
            Assert.Contains("Field day on biochar", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("https://cop.example.org/api/console/events", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"https://cop.example.org/api/events/{e.EventId}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("Monday 2 November 2026, 10:00 (Europe/Paris)", mail.TextBody, StringComparison.Ordinal);
            Assert.Equal(e.EventId, mail.CustomArgs["eventId"]);
            Assert.DoesNotContain("@", mail.CustomArgs["operator"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoOperatorIsToldAfterADraftACancelledEventOrOneThatEndedBeforeTheWindow()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        await EventAsync(app, Start.AddHours(1), EventStatus.Draft);
        await EventAsync(app, Start.AddHours(1), EventStatus.Cancelled);
        await EventAsync(app, Start - EventReminderRun.FollowUpWindow - TimeSpan.FromHours(3));

        time.Advance(TimeSpan.FromHours(4));
        await RunAndDeliverAsync(app);

        Assert.Empty(Mails(app, Category));
    }

    [Fact]
    public async Task ARunAfterACrashBetweenTheClaimAndTheQueueSendsTheMailsOnce()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, Start.AddHours(-3));

        // A run claimed the event's mail and died before queueing it.
        var claim = await app.Get<EventReminderStore>().TryClaimAsync(e.EventId, EventReminderEntity.AfterEventRow, "a-run-that-died", Ct);
        Assert.IsType<ReminderClaim.Claimed>(claim);

        // A run at once leaves the claim to its owner, which might still be queueing.
        await RunAndDeliverAsync(app);
        Assert.Empty(Mails(app, Category));

        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);
        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);

        Assert.Equal(2, Mails(app, Category).Count);
    }

    [Fact]
    public async Task AMailQueuedAgainAfterItWentOutIsNotSentTwice()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, Start.AddHours(-3));
        await RunAndDeliverAsync(app);
        Assert.Equal(2, Mails(app, Category).Count);

        // A run that queued the mails and died before marking its claim: the next one queues the same ids again.
        var row = (await app.Get<EventReminderStore>().ListAsync(e.EventId, Ct))[EventReminderEntity.AfterEventRow];
        row.QueuedAt = null;
        row.ClaimedAt = time.GetUtcNow();
        await app.Table("EventReminders").UpdateEntityAsync(row, Azure.ETag.All, cancellationToken: Ct);
        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);

        Assert.Equal(2, Mails(app, Category).Count);
        Assert.Equal(0, await app.QueuedMailCountAsync(Ct));
    }

    [Fact]
    public async Task AnOperatorRemovedFromTheSettingBeforeTheMailGoesGetsNothing()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        await EventAsync(app, Start.AddHours(-3));
        await RunAsync(app);

        app.Get<IOptions<CoP.Shared.Console.ConsoleOptions>>().Value.Operators = "ops-one@example.org";
        var drain = await app.DeliverQueuedMailAsync(Ct);

        Assert.Empty(drain.Failures);
        Assert.Equal(["ops-one@example.org"], Mails(app, Category).Select(m => m.To.Address));
    }
}
