using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.Tests.Members;
using static CoP.Tests.Events.Pages.EventPageFlows;

namespace CoP.Tests.Events.Pages;

/// <summary>
/// <c>GET /api/events/{eventId}</c>: the event as JSON and as its page, in the reader's language with its times in the
/// organiser's zone and in UTC; drafts are not found, a cancelled event says so, and the online link is nobody's
/// without a registration.
/// </summary>
public sealed class GetEventTests(StorageFixture storage)
{
    [Fact]
    public async Task JsonHasTheTextInTheAskedLanguageTheLocalTimesAndTheMapButNoOnlineLink()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());

        var answer = await JsonGetAsync(app, $"/api/events/{e.EventId}", acceptLanguage: "fr-FR,fr;q=0.9");

        Assert.Equal(200, answer.Status);
        var json = answer.Json();
        Assert.Equal("fr", json.GetProperty("language").GetString());
        Assert.Equal("Atelier carbone des sols", json.GetProperty("title").GetString());
        Assert.Equal("Soil carbon workshop", json.GetProperty("texts").GetProperty("en").GetProperty("title").GetString());
        Assert.Equal("2026-11-17T13:00:00+00:00", json.GetProperty("startsAt").GetString());
        Assert.Equal("2026-11-17T14:00:00+01:00", json.GetProperty("localStartsAt").GetString());
        Assert.Equal("2026-11-17T16:00:00+01:00", json.GetProperty("localEndsAt").GetString());
        Assert.Equal("https://www.openstreetmap.org/?mlat=48.8462&mlon=2.3781#map=17/48.8462/2.3781", json.GetProperty("venue").GetProperty("mapUrl").GetString());
        Assert.Equal("open", json.GetProperty("registration").GetProperty("state").GetString());
        Assert.Equal(30, json.GetProperty("capacity").GetInt32());
        Assert.Equal(2, json.GetProperty("agenda").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("onlineUrl").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("attendee").ValueKind);
        Assert.DoesNotContain("meet.example.org", answer.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string> Missing() => ["draft", "unknown", "malformed"];

    [Theory]
    [MemberData(nameof(Missing))]
    public async Task DraftsAndUnknownIdsAreNotFoundForScriptsAndBrowsers(string which)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var draft = await AddAsync(app, Workshop(e => e with { Status = EventStatus.Draft }));
        var eventId = which switch { "draft" => draft.EventId, "unknown" => EventStore.NewEventId(), _ => "not-an-event" };

        var json = await JsonGetAsync(app, $"/api/events/{eventId}");
        var page = await BrowserGetAsync(app, $"/api/events/{eventId}");

        Assert.Equal(404, json.Status);
        Assert.StartsWith("application/problem+json", json.ContentType, StringComparison.Ordinal);
        Assert.Equal(404, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("There is no event at this address", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Soil carbon", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token", 401)]
    [InlineData("unsubscribe", 403)]
    public async Task JsonRefusesATokenThatCannotRegister(string token, int status)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (member, _) = await MemberTestFlows.ConfirmedMemberAsync(app);
        var sent = token == "unsubscribe" ? MemberPageFlows.Issue(app, member, TokenPurpose.Unsubscribe) : token;

        var refused = await JsonGetAsync(app, $"/api/events/{e.EventId}", sent);

        Assert.Equal(status, refused.Status);
        Assert.DoesNotContain("meet.example.org", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageShowsTheTimesInTheOrganisersZoneAndUtcTheVenueTheAgendaAndHowToRegister()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}");

        Assert.Equal(200, page.Status);
        Assert.Contains("<title>Soil carbon workshop · ", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p>Measuring soil carbon on small farms.</p>\n<p>Bring your field notes.</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-17T14:00:00&#x2B;01:00\">Tuesday 17 November 2026, 14:00–16:00</time>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Time in Europe/Paris, UTC&#x2B;01:00; Tuesday 17 November 2026, 13:00–15:00 UTC", page.Body, StringComparison.Ordinal);
        Assert.Contains("Maison des agriculteurs<br>12 rue de la Terre, 75012 Paris", page.Body, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.openstreetmap.org/?mlat=48.8462&amp;mlon=2.3781#map=17/48.8462/2.3781\"", page.Body, StringComparison.Ordinal);
        Assert.Contains("<dd>English, Français</dd>", page.Body, StringComparison.Ordinal);
        Assert.Contains("30 places, 30 left.", page.Body, StringComparison.Ordinal);
        Assert.Contains("Registration is open until Tuesday 17 November 2026, 14:00.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-17T14:30:00&#x2B;01:00\">14:30–16:00</time>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<strong>Sampling in the field</strong><br>With Kofi Mensah, Léa Martin", page.Body, StringComparison.Ordinal);
        // A visitor: no online link, and the way to get a personal link.
        Assert.DoesNotContain("meet.example.org", page.Body, StringComparison.Ordinal);
        Assert.Contains("Registered people see the link to join here.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/members/access-link\">", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SummerTimesAreShownWithTheSummerOffset()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop(Moved(210, "Summer school")));

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}?lang=es");

        // 15 June 2027, 13:00 UTC: 15:00 in Paris, on summer time (UTC+02:00) where November's workshop was at UTC+01:00.
        Assert.Contains("<time datetime=\"2027-06-15T15:00:00&#x2B;02:00\">martes 15 de junio de 2027, 15:00–17:00</time>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Hora de Europe/Paris, UTC&#x2B;02:00; martes 15 de junio de 2027, 13:00–15:00 UTC", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelledEventSaysSoAndOffersNoRegistration()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop(e => e with { Status = EventStatus.Cancelled }));

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}");
        var json = await JsonGetAsync(app, $"/api/events/{e.EventId}");

        Assert.Equal(200, page.Status);
        Assert.Contains("<strong>This event is cancelled.</strong>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"registration\"", page.Body, StringComparison.Ordinal);
        Assert.Equal("cancelled", json.Json().GetProperty("status").GetString());
        Assert.Equal("closed", json.Json().GetProperty("registration").GetProperty("state").GetString());
    }

    [Fact]
    public async Task EndedEventShowsItsMaterialsReportAndAttendanceAndLinksOnlyWebAddresses()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var documentId = new string('d', 32);
        var e = await AddAsync(app, Workshop(e => e with
        {
            Status = EventStatus.Completed,
            Report = "We measured twelve plots.\nNext: a shared protocol.",
            Attended = 23,
            Materials =
            [
                new EventMaterial("m1", MaterialKind.Slides, "The slides", documentId, null, Now),
                new EventMaterial("m2", MaterialKind.Recording, "The recording", null, new Uri("https://video.example.org/soil"), Now),
                new EventMaterial("m3", MaterialKind.Other, "A trap", null, new Uri("javascript:alert(1)"), Now),
            ],
        }));
        time.SetUtcNow(e.EndsAt.AddDays(1));

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}");

        Assert.Contains("<h2>After the event</h2>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p>23 people attended.</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p>We measured twelve plots.</p>\n<p>Next: a shared protocol.</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/documents/{documentId}\">The slides</a> <span class=\"meta\">(slides)</span>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://video.example.org/soil\">The recording</a>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("id=\"registration\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTextIsEncoded()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        const string Hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        var e = await AddAsync(app, Workshop(e => e with
        {
            Texts = new Dictionary<string, EventText> { ["en"] = new(Hostile, Hostile) },
            Venue = new EventVenue(Hostile, Hostile, null),
            Agenda = [new AgendaItem(e.StartsAt, null, Hostile, [new EventSpeaker(Hostile, null)])],
        }));

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}");
        var list = await BrowserGetAsync(app, "/api/events");

        foreach (var body in new[] { page.Body, list.Body })
        {
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProfileLinkBecomesASessionAndLeavesTheAddress()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (member, _) = await MemberTestFlows.ConfirmedMemberAsync(app);
        var profile = MemberPageFlows.Issue(app, member, TokenPurpose.Profile);

        var exchange = await BrowserGetAsync(app, $"/api/events/{e.EventId}?token={profile}&lang=fr");

        Assert.Equal(303, exchange.Status);
        Assert.Equal($"/api/events/{e.EventId}?lang=fr", exchange.Headers.Location.ToString());
        Assert.Contains(MemberPageFlows.SetCookies(exchange), c => c.Name == "cop-profile" && c.Path == "/" && c.HttpOnly);
        Assert.Equal("no-store", exchange.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("vote link")]
    [InlineData("tampered")]
    public async Task LinkThatCannotRegisterBecomesNoSessionAndThePageSaysSo(string link)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (member, _) = await MemberTestFlows.ConfirmedMemberAsync(app);
        var token = link == "vote link" ? MemberPageFlows.Issue(app, member, TokenPurpose.Vote) : MemberPageFlows.Issue(app, member, TokenPurpose.Profile)[..^3] + "AAA";

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}?token={token}");

        Assert.Equal(200, page.Status);
        Assert.Empty(MemberPageFlows.SetCookies(page));
        Assert.Contains("The personal link this browser holds has expired or no longer works.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/api/members/access-link\">", page.Body, StringComparison.Ordinal);
    }
}
