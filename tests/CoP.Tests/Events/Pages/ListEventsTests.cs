using CoP.Shared.Events;
using static CoP.Tests.Events.Pages.EventPageFlows;

namespace CoP.Tests.Events.Pages;

/// <summary>
/// <c>GET /api/events</c>: public events only, those to come first, filtered by topic and by a span of dates or times,
/// as JSON for scripts and as the page of cards for browsers; a refused filter is a 400 either way.
/// </summary>
public sealed class ListEventsTests(StorageFixture storage)
{
    [Fact]
    public async Task EventsToComeAreListedSoonestFirstAndDraftsAndEndedEventsAreNot()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var later = await AddAsync(app, Workshop(Moved(10, "Later")));
        var sooner = await AddAsync(app, Workshop(Moved(0, "Sooner")));
        var cancelled = await AddAsync(app, Workshop(e => Moved(5, "Cancelled")(e) with { Status = EventStatus.Cancelled }));
        await AddAsync(app, Workshop(e => Moved(1, "Draft")(e) with { Status = EventStatus.Draft }));
        await AddAsync(app, Workshop(e => Moved(-30, "Ended")(e) with { Status = EventStatus.Completed }));

        var list = await JsonGetAsync(app, "/api/events");

        Assert.Equal(200, list.Status);
        Assert.StartsWith("application/json", list.ContentType, StringComparison.Ordinal);
        Assert.Equal([sooner.EventId, cancelled.EventId, later.EventId], Listed(list));
        var first = list.Json().GetProperty("events")[0];
        Assert.Equal("Sooner", first.GetProperty("title").GetString());
        Assert.Equal("hybrid", first.GetProperty("format").GetString());
        Assert.Equal("2026-11-17T14:00:00+01:00", first.GetProperty("localStartsAt").GetString());
        Assert.Equal("Europe/Paris", first.GetProperty("timeZone").GetString());
        Assert.Equal("open", first.GetProperty("registrationState").GetString());
        Assert.EndsWith($"/api/events/{sooner.EventId}", first.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("cancelled", list.Json().GetProperty("events")[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task EndedEventsFollowTheOnesToComeLatestFirstWhenFromIsInThePast()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var coming = await AddAsync(app, Workshop(Moved(0, "Coming")));
        var longAgo = await AddAsync(app, Workshop(e => Moved(-40, "Long ago")(e) with { Status = EventStatus.Completed }));
        var recent = await AddAsync(app, Workshop(e => Moved(-20, "Recent")(e) with { Status = EventStatus.Completed }));

        var list = await JsonGetAsync(app, "/api/events?from=2026-10-01");

        Assert.Equal([coming.EventId, recent.EventId, longAgo.EventId], Listed(list));
    }

    [Fact]
    public async Task TopicAndDatesNarrowTheList()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var first = await AddAsync(app, Workshop(Moved(0, "17 November")));
        var second = await AddAsync(app, Workshop(Moved(3, "20 November")));
        var other = await AddAsync(app, Workshop(e => Moved(4, "Agroforestry")(e) with { Topics = ["agroforestry"] }));

        Assert.Equal([second.EventId, other.EventId], Listed(await JsonGetAsync(app, "/api/events?from=2026-11-18")));
        // A date as "to" takes in that whole day (UTC).
        Assert.Equal([first.EventId], Listed(await JsonGetAsync(app, "/api/events?to=2026-11-17")));
        Assert.Equal([other.EventId], Listed(await JsonGetAsync(app, "/api/events?topic=agroforestry")));
        Assert.Equal([first.EventId, second.EventId], Listed(await JsonGetAsync(app, "/api/events?topic=soil-carbon")));
        // RFC 3339 times with their offsets: the first event ends at 15:00 UTC.
        Assert.Equal([second.EventId, other.EventId], Listed(await JsonGetAsync(app, "/api/events?from=2026-11-17T16:00:00%2B01:00")));
        Assert.Equal([first.EventId, second.EventId], Listed(await JsonGetAsync(app, "/api/events?from=2026-11-17T14:59:59Z&to=2026-11-20T13:00:01Z")));
    }

    public static TheoryData<string, string> RefusedFilters() => new()
    {
        { "topic=Soil%20Carbon", "topic" },
        { "topic=a&topic=b", "topic" },
        { "from=2026-13-01", "from" },
        { "from=tomorrow", "from" },
        { "from=2026-11-17T10:00:00", "from" },
        { "from=2026-11-17T25:00:00Z", "from" },
        { "to=17/11/2026", "to" },
        { "from=2026-11-20&to=2026-11-19", "to" },
        { "from=2026-11-20T10:00:00Z&to=2026-11-20T10:00:00Z", "to" },
    };

    [Theory]
    [MemberData(nameof(RefusedFilters))]
    public async Task RefusedFilterIsAValidationProblemForScripts(string query, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        await AddAsync(app, Workshop());

        var refused = await JsonGetAsync(app, "/api/events?" + query);

        Assert.Equal(400, refused.Status);
        Assert.StartsWith("application/problem+json", refused.ContentType, StringComparison.Ordinal);
        Assert.True(refused.Json().GetProperty("errors").TryGetProperty(field, out _), refused.Body);
    }

    [Theory]
    [MemberData(nameof(RefusedFilters))]
    public async Task RefusedFilterIsMarkedOnThePageAndNoEventIsShown(string query, string field)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        await AddAsync(app, Workshop());

        var refused = await BrowserGetAsync(app, "/api/events?" + query);

        Assert.Equal(400, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Contains("<div class=\"alert\" role=\"alert\">", refused.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#{field}\">", refused.Body, StringComparison.Ordinal);
        Assert.Contains($"id=\"{field}-error\"", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Soil carbon workshop", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageShowsACardPerEventWithItsDateFormatAndTopicInTheReadersLanguage()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        await AddAsync(app, Workshop(e => Moved(1, "Draft")(e) with { Status = EventStatus.Draft }));

        var english = await BrowserGetAsync(app, "/api/events");
        var french = await BrowserGetAsync(app, "/api/events?lang=fr");

        Assert.Equal(200, english.Status);
        Assert.Contains($"<h3><a href=\"/api/events/{e.EventId}\">Soil carbon workshop</a></h3>", english.Body, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-17T14:00:00&#x2B;01:00\">Tuesday 17 November 2026, 14:00–16:00</time> (Europe/Paris, UTC&#x2B;01:00)", english.Body, StringComparison.Ordinal);
        Assert.Contains("In person and online · Maison des agriculteurs · soil-carbon", english.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft", english.Body, StringComparison.Ordinal);
        Assert.Contains("<h3><a href=\"/api/events/" + e.EventId + "\">Atelier carbone des sols</a></h3>", french.Body, StringComparison.Ordinal);
        Assert.Contains("mardi 17 novembre 2026, 14:00–16:00", french.Body, StringComparison.Ordinal);
        Assert.Contains("Sur place et en ligne", french.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageSaysSoWhenNothingIsPlanned()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;

        var page = await BrowserGetAsync(app, "/api/events");

        Assert.Equal(200, page.Status);
        Assert.Contains("No event is planned yet.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form method=\"get\" action=\"/api/events\" role=\"search\"", page.Body, StringComparison.Ordinal);
    }
}
