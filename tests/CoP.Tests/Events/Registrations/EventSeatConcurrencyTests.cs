using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Registrations;
using static CoP.Tests.Events.Registrations.EventRegistrationTestFlows;

namespace CoP.Tests.Events.Registrations;

public sealed class EventSeatConcurrencyTests(StorageFixture storage)
{
    /// <summary>300 members register for 50 places at once: exactly 50 hold a seat, 250 wait in one order with no gaps.</summary>
    [Fact]
    public async Task ThreeHundredMembersForFiftyPlacesGiveFiftySeatsAndTwoHundredFiftyWaiting()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 50);
        var members = await MembersAsync(app, 300);
        var registrations = app.Get<EventRegistrationService>();

        var outcomes = await Task.WhenAll(members.Select(m => Task.Run(() => registrations.RegisterAsync(eventId, m.Token, Ct), Ct)));

        Assert.Equal(50, outcomes.Count(o => o is RegistrationOutcome.Registered));
        Assert.Equal(250, outcomes.Count(o => o is RegistrationOutcome.Waitlisted));
        var rows = await RowKeysAsync(app, eventId);
        Assert.Equal(50, rows.Count(k => k.StartsWith("seat-", StringComparison.Ordinal)));
        Assert.Equal(250, rows.Count(k => k.StartsWith("wait-", StringComparison.Ordinal)));
        Assert.Equal(300, rows.Count(k => k.StartsWith("reg-", StringComparison.Ordinal)));
        var list = await registrations.ListAsync(eventId, Ct);
        Assert.Equal(50, list.Count(r => r.Status is AttendeeStatus.Registered));
        Assert.Equal(Enumerable.Range(1, 250), list.Select(r => r.Status.WaitlistPosition).OfType<int>().Order());
        Assert.Equal(300, list.Select(r => r.MemberId).Distinct().Count());
        Assert.Equal(new SeatCount(50, 250), await registrations.CountAsync(eventId, Ct));
        Assert.Equal(300, await app.QueuedMailCountAsync(Ct));
    }

    /// <summary>
    /// 10 registered members cancel at once while 20 wait: exactly the first 10 waiting move up, each once, each told
    /// once; the other 10 keep their order.
    /// </summary>
    [Fact]
    public async Task ConcurrentCancellationsMoveTheFirstWaitingUpExactlyOnceEach()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 10);
        var members = await MembersAsync(app, 30);
        var registrations = app.Get<EventRegistrationService>();
        foreach (var member in members)
        {
            await registrations.RegisterAsync(eventId, member.Token, Ct);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var waiting = members.Skip(10).Select(m => m.MemberId).ToList();
        Assert.Equal(waiting, (await registrations.ListAsync(eventId, Ct)).Where(r => r.Status is AttendeeStatus.Waitlisted).Select(r => r.MemberId));
        await DrainQueueAsync(app);

        var cancelled = await Task.WhenAll(members.Take(10).Select(m => Task.Run(() => registrations.CancelAsync(eventId, m.Token, Ct), Ct)));

        Assert.All(cancelled, c => Assert.IsType<CancellationOutcome.Cancelled>(c));
        var list = await registrations.ListAsync(eventId, Ct);
        Assert.Equal(waiting.Take(10).Order(), list.Where(r => r.Status is AttendeeStatus.Registered).Select(r => r.MemberId).Order());
        Assert.Equal(waiting.Skip(10), list.Where(r => r.Status is AttendeeStatus.Waitlisted).Select(r => r.MemberId));
        Assert.Equal(Enumerable.Range(1, 10), list.Select(r => r.Status.WaitlistPosition).OfType<int>());
        var rows = await RowKeysAsync(app, eventId);
        Assert.Equal(10, rows.Count(k => k.StartsWith("seat-", StringComparison.Ordinal)));
        var promoted = await QueuedMailsAsync(app);
        Assert.All(promoted, m => Assert.Equal(EventRegistrationMails.Promoted, m.Kind));
        Assert.Equal(waiting.Take(10).Order(), promoted.Select(m => m.PayloadAs<QueuedEventMail>().MemberId).Order());
    }

    [Fact]
    public async Task OneMemberRegisteringTwiceAtOnceHoldsOnePlace()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 5);
        var (memberId, token) = await MemberAsync(app);
        var registrations = app.Get<EventRegistrationService>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => registrations.RegisterAsync(eventId, token, Ct), Ct)));

        Assert.Single(outcomes, o => o is RegistrationOutcome.Registered);
        Assert.All(outcomes.Where(o => o is not RegistrationOutcome.Registered), o => Assert.IsType<RegistrationOutcome.AlreadyRegistered>(o));
        Assert.Equal(2, (await RowKeysAsync(app, eventId)).Count);
        Assert.Single(await registrations.ListForMemberAsync(memberId, Ct));
    }

    [Fact]
    public async Task RaisedCapacityMovesTheWaitingListUp()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1);
        var members = await MembersAsync(app, 4);
        var registrations = app.Get<EventRegistrationService>();
        foreach (var member in members)
        {
            await registrations.RegisterAsync(eventId, member.Token, Ct);
        }

        var events = app.Get<CoP.Shared.Events.EventStore>();
        var stored = (await events.GetAsync(eventId, Ct))!;
        Assert.NotNull(await events.TryReplaceAsync(stored.Event with { Capacity = 3 }, stored.Version, Ct));

        var promoted = await registrations.PromoteAsync(eventId, Ct);

        Assert.Equal(2, promoted.Count);
        Assert.Equal(new SeatCount(3, 1), await registrations.CountAsync(eventId, Ct));
    }

    [Fact]
    public async Task CapacityRaisedByAnOperatorsUpdateMovesTheWaitingListUpInOrder()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 1);
        var members = await MembersAsync(app, 4);
        var registrations = app.Get<EventRegistrationService>();
        foreach (var member in members)
        {
            await registrations.RegisterAsync(eventId, member.Token, Ct);
        }

        var service = app.Get<CoP.Shared.Events.EventService>();
        var stored = (await service.GetAsync(eventId, Ct))!;
        var raised = await service.UpdateAsync(eventId, CoP.Shared.Events.EventDefinition.Of(stored.Event) with { Capacity = 3 }, stored.Version, Ct);

        Assert.IsType<CoP.Shared.Events.EventChange.Changed>(raised);
        Assert.Equal(new SeatCount(3, 1), await registrations.CountAsync(eventId, Ct));
        // The first two who waited moved up; the last one still waits, first in line now.
        var statuses = await Task.WhenAll(members.Select(m => registrations.StatusAsync(eventId, m.MemberId, Ct)));
        Assert.Equal(["registered", "registered", "registered", "waitlisted"], statuses.Select(s => s.Name));
        Assert.Equal(1, statuses[3].WaitlistPosition);
    }

    [Fact]
    public async Task LoweredCapacityIsNeverExceededWhateverTheSeatNumbersTaken()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var eventId = await EventAsync(app, capacity: 100);
        var members = await MembersAsync(app, 15);
        var registrations = app.Get<EventRegistrationService>();
        foreach (var member in members.Take(10))
        {
            Assert.IsType<RegistrationOutcome.Registered>(await registrations.RegisterAsync(eventId, member.Token, Ct));
        }

        var service = app.Get<CoP.Shared.Events.EventService>();
        var stored = (await service.GetAsync(eventId, Ct))!;
        var lowered = await service.UpdateAsync(eventId, CoP.Shared.Events.EventDefinition.Of(stored.Event) with { Capacity = 10 }, stored.Version, Ct);
        Assert.IsType<CoP.Shared.Events.EventChange.Changed>(lowered);

        // Seats were numbered at random below 100: the ten held count, whatever their numbers; nobody else gets one.
        foreach (var member in members.Skip(10))
        {
            Assert.IsNotType<RegistrationOutcome.Registered>(await registrations.RegisterAsync(eventId, member.Token, Ct));
        }

        Assert.Equal(10, (await registrations.CountAsync(eventId, Ct)).Registered);
    }

    private static async Task<List<string>> RowKeysAsync(TestApp app, string eventId)
    {
        var keys = new List<string>();
        await foreach (var row in app.Table("EventRegistrations").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == eventId, cancellationToken: Ct))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static async Task DrainQueueAsync(TestApp app)
    {
        var queue = await app.Get<QueuedMail>().GetClientAsync(Ct);
        await queue.ClearMessagesAsync(Ct);
    }

    private static async Task<List<MailRequest>> QueuedMailsAsync(TestApp app)
    {
        var queue = await app.Get<QueuedMail>().GetClientAsync(Ct);
        var mails = new List<MailRequest>();
        foreach (var message in (await queue.PeekMessagesAsync(32, Ct)).Value)
        {
            mails.Add(MailRequest.Parse(message.Body.ToString())!);
        }

        return mails;
    }
}
