using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Events.Reminders;
using static CoP.Tests.Events.Reminders.ReminderTestFlows;

namespace CoP.Tests.Events.Reminders;

/// <summary>
/// Reminders to registered people on Azurite, with the clock in the test's hands: one per person and offset (48 hours
/// and 1 hour by default) across overlapping runs, retries and a crash between the claim and the queue; none for the
/// waiting list or a cancelled event; a reminder whose moment passed long ago is skipped, not sent late.
/// </summary>
public sealed class EventReminderTests(StorageFixture storage)
{
    private static readonly DateTimeOffset EventStart = Start.AddDays(3);

    [Fact]
    public async Task EachRegisteredPersonGetsOneFortyEightHourAndOneOneHourReminderWhateverHowManyRunsThereAre()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, EventStart);
        var members = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (memberId, outcome) = await RegisteredAsync(app, e);
            Assert.IsType<RegistrationOutcome.Registered>(outcome);
            members.Add(memberId);
        }

        foreach (var before in new[] { TimeSpan.FromHours(49), TimeSpan.FromMinutes(2875), TimeSpan.FromMinutes(2860), TimeSpan.FromHours(40), TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(44), TimeSpan.FromMinutes(5) })
        {
            time.Advance(EventStart - before - time.GetUtcNow());
            await RunAndDeliverAsync(app);
        }

        var reminders = RemindersOf(app);
        Assert.Equal(members.Order(StringComparer.Ordinal), reminders.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(members, memberId => Assert.Equal(["2880m", "60m"], reminders[memberId].Order(StringComparer.Ordinal)));
        var mail = Mails(app, "event-reminder")[0];
        Assert.Contains("Thursday 5 November 2026, 09:00 (Europe/Paris)", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("https://meet.example.org/biochar", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://cop.example.org/api/events/{e.EventId}", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Maison de la Chimie, 28 rue Saint-Dominique, Paris", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoRunsAtOnceQueueOneReminderPerPerson()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, EventStart);
        var members = new[] { (await RegisteredAsync(app, e)).MemberId, (await RegisteredAsync(app, e)).MemberId };
        await app.DeliverQueuedMailAsync(Ct);

        time.Advance(EventStart - TimeSpan.FromHours(48) - time.GetUtcNow());
        await Task.WhenAll(RunAsync(app), RunAsync(app));

        Assert.Equal(2, await app.QueuedMailCountAsync(Ct));
        await RunAndDeliverAsync(app);
        Assert.All(members, memberId => Assert.Equal(["2880m"], RemindersOf(app)[memberId]));
    }

    [Fact]
    public async Task ARunAfterACrashBetweenTheClaimAndTheQueueSendsTheReminderOnce()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, EventStart);
        var crashed = (await RegisteredAsync(app, e)).MemberId;
        var other = (await RegisteredAsync(app, e)).MemberId;
        time.Advance(EventStart - TimeSpan.FromHours(48) - time.GetUtcNow());

        // A run claimed the crashed member's reminder and died before queueing it.
        Assert.IsType<ReminderClaim.Claimed>(await app.Get<EventReminderStore>().TryClaimAsync(e.EventId, EventReminderEntity.ReminderRow("2880m", crashed), "a-run-that-died", Ct));
        await RunAndDeliverAsync(app);
        Assert.Empty(RemindersOf(app)[crashed]);
        Assert.Single(RemindersOf(app)[other]);

        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);
        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);

        Assert.Equal(["2880m"], RemindersOf(app)[crashed]);
        Assert.Equal(["2880m"], RemindersOf(app)[other]);
    }

    [Fact]
    public async Task PeopleOnTheWaitingListGetNoReminder()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, EventStart, capacity: 1);
        var (registered, first) = await RegisteredAsync(app, e);
        var (waiting, second) = await RegisteredAsync(app, e);
        Assert.IsType<RegistrationOutcome.Registered>(first);
        Assert.IsType<RegistrationOutcome.Waitlisted>(second);

        time.Advance(EventStart - TimeSpan.FromHours(48) - time.GetUtcNow());
        await RunAndDeliverAsync(app);

        Assert.Equal(["2880m"], RemindersOf(app)[registered]);
        Assert.Empty(RemindersOf(app)[waiting]);
    }

    [Fact]
    public async Task ACancelledEventGetsNoReminderEvenWhenItWasCancelledAfterTheReminderWasQueued()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, EventStart);
        await RegisteredAsync(app, e);
        await app.DeliverQueuedMailAsync(Ct);
        time.Advance(EventStart - TimeSpan.FromHours(48) - time.GetUtcNow());

        await RunAsync(app);
        var stored = await app.Get<EventStore>().GetAsync(e.EventId, Ct);
        Assert.NotNull(await app.Get<EventStore>().TryReplaceAsync(e with { Status = EventStatus.Cancelled }, stored!.Version, Ct));
        await app.DeliverQueuedMailAsync(Ct);
        time.Advance(TimeSpan.FromHours(47));
        await RunAndDeliverAsync(app);
        time.Advance(TimeSpan.FromHours(3));
        await RunAndDeliverAsync(app);

        Assert.Empty(Mails(app, EventReminderMails.ReminderKind));
        Assert.Empty(Mails(app, EventReminderMails.FollowUpKind));
    }

    [Fact]
    public async Task AReminderWhoseMomentPassedLongAgoIsSkippedAndTheNextOneIsSent()
    {
        var (app, time) = CreateApp(storage);
        await using var _ = app;
        var e = await EventAsync(app, Start.AddHours(3));
        var memberId = (await RegisteredAsync(app, e)).MemberId;

        await RunAndDeliverAsync(app);
        Assert.Empty(RemindersOf(app)[memberId]);
        Assert.Contains(app.Logs.Entries, entry => entry.Message.Contains($"reminder of event {e.EventId} is skipped", StringComparison.Ordinal));

        time.Advance(TimeSpan.FromHours(2));
        await RunAndDeliverAsync(app);
        time.Advance(TimeSpan.FromMinutes(15));
        await RunAndDeliverAsync(app);

        Assert.Equal(["60m"], RemindersOf(app)[memberId]);
    }
}
