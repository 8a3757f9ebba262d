using System.Text;
using CoP.Shared.Events;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Validation;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;
using static CoP.Tests.Events.Calendar.CalendarTestFlows;

namespace CoP.Tests.Events.Calendar;

/// <summary>
/// The invitations in the mails the fake SendGrid receives: the registration mail carries <c>METHOD:REQUEST</c>; a
/// change of time or place re-sends it (same UID, higher SEQUENCE) to everyone holding a place, once per person even
/// when the change is told twice; a cancellation tells everyone concerned, with <c>METHOD:CANCEL</c> for those who
/// held a place.
/// </summary>
public sealed class EventNoticeTests(StorageFixture storage)
{
    [Fact]
    public async Task TheRegistrationMailCarriesTheInvitationThatParsesBack()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, SendGridSettings(sendGrid));
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z")));
        var member = await MemberAsync(app, "fr");

        await RegisterAsync(app, e.EventId, member);
        await app.DeliverQueuedMailAsync(Ct);

        var (category, type, calendar) = Assert.Single(Invitations(sendGrid));
        Assert.Equal(EventRegistrationMails.Registered, category);
        Assert.Equal("text/calendar; method=REQUEST; charset=UTF-8", type);
        Assert.Equal("REQUEST", calendar.Method);
        var item = Assert.Single(calendar.Events);
        Assert.Equal($"{e.EventId}@cop.example.org", item.Uid);
        Assert.Equal((10, 30, "Europe/Paris"), (item.DtStart!.Hour, item.DtStart.Minute, item.DtStart.TzId));
        Assert.Equal(e.StartsAt.UtcDateTime, item.DtStart.AsUtc);
        Assert.Equal("Le carbone des sols en pratique", item.Summary);
        Assert.Equal(new Uri($"mailto:{member.Email}"), Assert.Single(item.Attendees).Value);
    }

    [Fact]
    public async Task AChangeOfTimeResendsTheInvitationWithAHigherSequenceOncePerPersonEvenWhenToldTwice()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, SendGridSettings(sendGrid));
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z"), change: e => e with { Capacity = 2 }));
        var members = new[] { await MemberAsync(app), await MemberAsync(app), await MemberAsync(app) };
        await RegisterAsync(app, e.EventId, members[0]);
        await RegisterAsync(app, e.EventId, members[1]);
        await app.Get<EventRegistrationService>().RegisterAsync(e.EventId, members[2], Ct);
        await app.DeliverQueuedMailAsync(Ct);
        var before = sendGrid.Requests.Count;

        var moved = await MoveAsync(app, e, At("2027-10-31T09:00:00Z"));
        var notices = app.Get<EventNotices>();
        Assert.Equal(2, await notices.ScheduleChangedAsync(moved, Ct));
        Assert.Equal(2, await notices.ScheduleChangedAsync(moved, Ct));
        await app.DeliverQueuedMailAsync(Ct);

        var changed = Invitations(sendGrid, skip: before);
        Assert.Equal(2, changed.Count);
        Assert.All(changed, mail =>
        {
            Assert.Equal(EventNotices.Changed, mail.Category);
            Assert.Equal("REQUEST", mail.Calendar.Method);
            var item = Assert.Single(mail.Calendar.Events);
            Assert.Equal($"{e.EventId}@cop.example.org", item.Uid);
            Assert.Equal(1, item.Sequence);
            Assert.Equal((10, 0), (item.DtStart!.Hour, item.DtStart.Minute));
            Assert.Equal(moved.StartsAt.UtcDateTime, item.DtStart.AsUtc);
        });
        Assert.Equal(
            members.Take(2).Select(m => m.Email).Order(StringComparer.Ordinal),
            sendGrid.Requests.Skip(before).Select(Recipient).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACancellationTellsEveryoneConcernedWithMethodCancelForThoseWhoHeldAPlace()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        var (app, _) = CreateApp(storage, SendGridSettings(sendGrid));
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z"), change: e => e with { Capacity = 1 }));
        var holder = await MemberAsync(app);
        var waiting = await MemberAsync(app);
        await RegisterAsync(app, e.EventId, holder);
        await app.Get<EventRegistrationService>().RegisterAsync(e.EventId, waiting, Ct);
        await app.DeliverQueuedMailAsync(Ct);
        var invitation = Assert.Single(Invitations(sendGrid)).Calendar;
        var before = sendGrid.Requests.Count;

        var cancelled = await ReplaceAsync(app, e, e with { Status = EventStatus.Cancelled, Sequence = e.Sequence + 1, UpdatedAt = e.UpdatedAt.AddHours(1) });
        Assert.Equal(2, await app.Get<EventNotices>().CancelledAsync(cancelled, Ct));
        await app.DeliverQueuedMailAsync(Ct);

        var mails = sendGrid.Requests.Skip(before).ToList();
        Assert.Equal(new[] { holder.Email, waiting.Email }.Order(StringComparer.Ordinal), mails.Select(Recipient).Order(StringComparer.Ordinal));
        var cancellation = Assert.Single(Invitations(sendGrid, skip: before));
        Assert.Equal(EventNotices.Cancelled, cancellation.Category);
        Assert.Equal("CANCEL", cancellation.Calendar.Method);
        var after = Assert.Single(cancellation.Calendar.Events);
        Assert.Equal(Assert.Single(invitation.Events).Uid, after.Uid);
        Assert.True(after.Sequence > Assert.Single(invitation.Events).Sequence);
        Assert.Equal("CANCELLED", after.Status);
        Assert.All(mails, mail => Assert.Contains(EventNotices.Cancelled, Categories(mail)));
    }

    [Fact]
    public async Task TheEventServiceTellsRegisteredPeopleOfAMoveAndOfTheCancellationOnceEvenWhenCancelledTwice()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync(Ct);
        await using var app = TestApp.Create(storage, SendGridSettings(sendGrid), time: new FakeTimeProvider(Manage.EventTestFlows.Start));
        var service = app.Get<EventService>();
        static Dictionary<string, object?> Definition(string starts, string ends) => Manage.EventTestFlows.Definition(d =>
        {
            (d["status"], d["registrationOpensAt"], d["agenda"], d["startsAt"], d["endsAt"]) = ("published", null, null, starts, ends);
        });
        var created = Assert.IsType<Validated<StoredEvent>.Valid>(
            await service.CreateAsync(Manage.EventTestFlows.Parsed(Definition("2026-11-12T14:00:00+01:00", "2026-11-12T17:30:00+01:00")), Ct)).Value;
        var member = await MemberAsync(app);
        await RegisterAsync(app, created.Event.EventId, member);
        await app.DeliverQueuedMailAsync(Ct);

        var moved = Assert.IsType<EventChange.Changed>(await service.UpdateAsync(
            created.Event.EventId, Manage.EventTestFlows.Parsed(Definition("2026-11-12T15:00:00+01:00", "2026-11-12T18:30:00+01:00")), created.Version, Ct));
        await app.DeliverQueuedMailAsync(Ct);
        await service.CancelAsync(created.Event.EventId, Ct);
        await service.CancelAsync(created.Event.EventId, Ct);
        await app.DeliverQueuedMailAsync(Ct);

        Assert.True(moved.ScheduleChanged);
        var mails = Invitations(sendGrid);
        Assert.Equal([EventRegistrationMails.Registered, EventNotices.Changed, EventNotices.Cancelled], mails.Select(m => m.Category));
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], mails.Select(m => m.Calendar.Method));
        Assert.Equal([0, 1, 2], mails.Select(m => Assert.Single(m.Calendar.Events).Sequence));
        Assert.Equal((15, 0), (mails[1].Calendar.Events.Single().DtStart!.Hour, mails[1].Calendar.Events.Single().DtStart!.Minute));
        Assert.Single(mails.Select(m => m.Calendar.Events.Single().Uid).Distinct());
    }

    private static Dictionary<string, string?> SendGridSettings(FakeSendGridServer sendGrid) => new()
    {
        ["Email:Transport"] = "SendGrid",
        ["Email:SendGridApiKey"] = "SG.fake-key-for-tests",
        ["Email:SendGridHost"] = sendGrid.BaseAddress.ToString(),
        ["Email:RetryBaseDelay"] = "00:00:00.010",
    };

    private static async Task<Event> MoveAsync(TestApp app, Event e, DateTimeOffset startsAt) =>
        await ReplaceAsync(app, e, e with { StartsAt = startsAt, EndsAt = startsAt.AddHours(2), Sequence = e.Sequence + 1, UpdatedAt = e.UpdatedAt.AddHours(1) });

    private static async Task<Event> ReplaceAsync(TestApp app, Event e, Event next)
    {
        var stored = await app.Get<EventStore>().GetAsync(e.EventId, Ct);
        Assert.NotNull(await app.Get<EventStore>().TryReplaceAsync(next, stored!.Version, Ct));
        return next;
    }

    private static string Recipient(RecordedSendGridRequest request) =>
        request.Json!.Value.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString()!;

    private static IEnumerable<string> Categories(RecordedSendGridRequest request) =>
        request.Json!.Value.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!);

    /// <summary>The calendar attachments of the mails received (after the first <paramref name="skip"/>), parsed back.</summary>
    private static List<(string Category, string Type, Ical.Net.Calendar Calendar)> Invitations(FakeSendGridServer sendGrid, int skip = 0) =>
        [.. sendGrid.Requests.Skip(skip)
            .Where(r => r.Json is { } json && json.TryGetProperty("attachments", out _))
            .SelectMany(r => r.Json!.Value.GetProperty("attachments").EnumerateArray().Select(a => (
                Categories(r).Single(),
                a.GetProperty("type").GetString()!,
                Parse(Encoding.UTF8.GetString(Convert.FromBase64String(a.GetProperty("content").GetString()!))))))];
}
