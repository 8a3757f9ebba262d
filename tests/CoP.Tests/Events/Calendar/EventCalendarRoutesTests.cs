using CoP.Shared.Events;
using static CoP.Tests.Events.Calendar.CalendarTestFlows;

namespace CoP.Tests.Events.Calendar;

/// <summary>
/// GetEventCalendar and GetEventsCalendar as calendar apps call them: <c>text/calendar</c> inline with a file name, the
/// same bytes and UID on every request (and 304 for a client that holds them), drafts never, the topic filter, recent
/// events kept a while, and never an online link.
/// </summary>
public sealed class EventCalendarRoutesTests(StorageFixture storage)
{
    [Fact]
    public async Task AnEventsCalendarIsAnInlineIcsThatParsesBackWithItsTimes()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z")));

        var response = await GetEventCalendarAsync(app, e.EventId);

        Assert.Equal(200, response.Status);
        Assert.Equal("text/calendar; charset=utf-8", response.ContentType);
        Assert.Equal($"inline; filename=\"event-{e.EventId}.ics\"", response.Headers.ContentDisposition.ToString());
        Assert.Equal("public, max-age=300", response.Headers.CacheControl.ToString());
        var item = Single(response.Body);
        Assert.Equal((10, 30), (item.DtStart!.Hour, item.DtStart.Minute));
        Assert.Equal(e.StartsAt.UtcDateTime, item.DtStart.AsUtc);
        Assert.DoesNotContain(OnlineUrl.Host, Unfold(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUidAndTheBytesAreTheSameOnEveryRequestAndAClientThatHoldsThemGets304()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-10-31T09:00:00Z")));

        var first = await GetEventCalendarAsync(app, e.EventId);
        var second = await GetEventCalendarAsync(app, e.EventId);
        var again = await GetEventCalendarAsync(app, e.EventId, ifNoneMatch: first.Headers.ETag.ToString());

        Assert.Equal(first.Body, second.Body);
        Assert.Equal($"{e.EventId}@cop.example.org", Single(first.Body).Uid);
        Assert.Equal(Single(first.Body).Uid, Single(second.Body).Uid);
        Assert.False(string.IsNullOrEmpty(first.Headers.ETag.ToString()));
        Assert.Equal(304, again.Status);
        Assert.Equal("", again.Body);
    }

    [Fact]
    public async Task ACancelledEventsCalendarSaysSoWithItsRaisedSequence()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z"), status: EventStatus.Cancelled, change: e => e with { Sequence = 2 }));

        var item = Single((await GetEventCalendarAsync(app, e.EventId)).Body);

        Assert.Equal("CANCELLED", item.Status);
        Assert.Equal(2, item.Sequence);
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("unknown")]
    [InlineData("malformed")]
    public async Task DraftsAndUnknownEventsAre404(string which)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var draft = await StoredAsync(app, NewEvent(At("2027-03-28T08:30:00Z"), status: EventStatus.Draft));
        var eventId = which switch
        {
            "draft" => draft.EventId,
            "unknown" => EventStore.NewEventId(),
            _ => "..%2F..%2Fevents",
        };

        var response = await GetEventCalendarAsync(app, eventId);

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task TheFeedHoldsUpcomingAndRecentPublicEventsButNoDraftsAndNothingLongPast()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var upcoming = await StoredAsync(app, NewEvent(Start.AddDays(20)));
        var recent = await StoredAsync(app, NewEvent(Start.AddDays(-10)));
        var cancelled = await StoredAsync(app, NewEvent(Start.AddDays(30), status: EventStatus.Cancelled));
        await StoredAsync(app, NewEvent(Start.AddDays(5), status: EventStatus.Draft));
        await StoredAsync(app, NewEvent(Start.AddDays(-60), status: EventStatus.Completed));

        var response = await GetEventsCalendarAsync(app);

        Assert.Equal(200, response.Status);
        Assert.Equal("text/calendar; charset=utf-8", response.ContentType);
        Assert.Equal("inline; filename=\"events.ics\"", response.Headers.ContentDisposition.ToString());
        Assert.Equal("public, max-age=300", response.Headers.CacheControl.ToString());
        Assert.Equal(
            new[] { upcoming, recent, cancelled }.Select(e => $"{e.EventId}@cop.example.org").Order(StringComparer.Ordinal),
            Parse(response.Body).Events.Select(item => item.Uid!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(OnlineUrl.Host, Unfold(response.Body), StringComparison.Ordinal);
        Assert.Contains("X-WR-CALNAME:", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTopicFeedHoldsOnlyThatTopicsEventsWithTheSameUids()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var onTopic = await StoredAsync(app, NewEvent(Start.AddDays(20)));
        await StoredAsync(app, NewEvent(Start.AddDays(21), change: e => e with { Topics = ["voluntary-carbon-markets"] }));

        var response = await GetEventsCalendarAsync(app, "?topic=biochar");
        var single = await GetEventCalendarAsync(app, onTopic.EventId);

        Assert.Equal("inline; filename=\"events-biochar.ics\"", response.Headers.ContentDisposition.ToString());
        Assert.Equal(Single(single.Body).Uid, Assert.Single(Parse(response.Body).Events).Uid);
    }

    [Fact]
    public async Task TheFeedAnswers304WhileNothingChangedAndAgainInFullOnceSomethingDid()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        await StoredAsync(app, NewEvent(Start.AddDays(20)));
        var first = await GetEventsCalendarAsync(app);

        var unchanged = await GetEventsCalendarAsync(app, ifNoneMatch: first.Headers.ETag.ToString());
        await StoredAsync(app, NewEvent(Start.AddDays(25)));
        var changed = await GetEventsCalendarAsync(app, ifNoneMatch: first.Headers.ETag.ToString());

        Assert.Equal(304, unchanged.Status);
        Assert.Equal(200, changed.Status);
        Assert.Equal(2, Parse(changed.Body).Events.Count);
    }

    [Theory]
    [InlineData("?topic=Not%20A%20Slug")]
    [InlineData("?topic=biochar&topic=monitoring-slm")]
    public async Task ABadTopicIs400(string query)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var response = await GetEventsCalendarAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }
}
