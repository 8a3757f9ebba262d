using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Tests.Members;
using static CoP.Tests.Events.Pages.EventPageFlows;

namespace CoP.Tests.Events.Pages;

/// <summary>
/// The event page's forms for a member's session: register, join the waiting list, cancel; each answered with
/// post/redirect/get, refusals shown on the page (409), forms without the session's anti-forgery field changing nothing;
/// and the online link shown to the registered only.
/// </summary>
public sealed class EventRegistrationPageTests(StorageFixture storage)
{
    [Fact]
    public async Task MemberRegistersFromThePageAndThenSeesTheOnlineLink()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (memberId, profile) = await MemberAsync(app);
        var session = ("cop-profile", profile);

        var before = await BrowserGetAsync(app, $"/api/events/{e.EventId}", session);
        Assert.Contains($"<form method=\"post\" action=\"/api/events/{e.EventId}/register\"><input type=\"hidden\" name=\"formToken\" value=\"", before.Body, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Register</button>", before.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("meet.example.org", before.Body, StringComparison.Ordinal);
        Assert.Equal([MemberSessions.FormToken(profile)], MemberPageFlows.FormTokens(before.Body));
        // Add-to-calendar links for everyone; the personal feed only once the member has a place.
        Assert.Contains("href=\"https://calendar.google.com/calendar/", before.Body, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://cop.example.org/api/events/{e.EventId}/calendar.ics\" download>", before.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.ics?token=", before.Body, StringComparison.Ordinal);

        var posted = await BrowserPostAsync(app, $"/api/events/{e.EventId}/register", MemberSessions.FormToken(profile), session);

        Assert.Equal(303, posted.Status);
        Assert.Equal($"/api/events/{e.EventId}?registered=1", posted.Headers.Location.ToString());
        Assert.IsType<AttendeeStatus.Registered>(await app.Get<EventRegistrationService>().StatusAsync(e.EventId, memberId, Ct));
        var after = await BrowserGetAsync(app, posted.Headers.Location.ToString(), session);
        Assert.Contains("<p class=\"notice\" role=\"status\"><strong>You are registered.</strong>", after.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://meet.example.org/soil-carbon\" rel=\"noopener\">Join online</a>", after.Body, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"/api/events/{e.EventId}/cancel-registration\">", after.Body, StringComparison.Ordinal);
        Assert.Contains("29 left", after.Body, StringComparison.Ordinal);
        var feed = System.Text.RegularExpressions.Regex.Match(after.Body, "href=\"https://cop\\.example\\.org(/api/members/me/calendar\\.ics\\?token=[^\"]+)\"");
        Assert.True(feed.Success, "The registered member's page links their personal calendar feed.");
        var feedRequest = app.Get(System.Net.WebUtility.HtmlDecode(feed.Groups[1].Value));
        var ics = await CoP.TestSupport.TestResponse.ExecuteAsync(await app.Function<CoP.Functions.Events.Calendar.GetMyCalendarFunction>().GetMyCalendar(feedRequest, Ct), feedRequest);
        Assert.Equal(200, ics.Status);
        Assert.Contains("https://meet.example.org/soil-carbon", ics.Body, StringComparison.Ordinal);
        // The visitor next to them still sees no link, and scripts get it with the member's token only.
        Assert.DoesNotContain("meet.example.org", (await BrowserGetAsync(app, $"/api/events/{e.EventId}")).Body, StringComparison.Ordinal);
        var json = (await JsonGetAsync(app, $"/api/events/{e.EventId}", profile)).Json();
        Assert.Equal("https://meet.example.org/soil-carbon", json.GetProperty("onlineUrl").GetString());
        Assert.Equal("registered", json.GetProperty("attendee").GetProperty("status").GetString());
        Assert.Equal(29, json.GetProperty("seatsLeft").GetInt32());
    }

    [Fact]
    public async Task MemberWhoIsNotRegisteredGetsNoOnlineLinkInJson()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (_, profile) = await MemberAsync(app);

        var answer = await JsonGetAsync(app, $"/api/events/{e.EventId}", profile);

        Assert.Equal(200, answer.Status);
        Assert.Equal("none", answer.Json().GetProperty("attendee").GetProperty("status").GetString());
        Assert.DoesNotContain("meet.example.org", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullEventPutsTheMemberOnTheWaitingListAndSaysWhere()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop(e => e with { Capacity = 1 }));
        var (first, _) = await MemberAsync(app);
        Assert.IsType<RegistrationOutcome.Registered>(await app.Get<EventAttendees>().RegisterAsync(e.EventId, first, Ct));
        var (memberId, profile) = await MemberAsync(app);
        var session = ("cop-profile", profile);

        var before = await BrowserGetAsync(app, $"/api/events/{e.EventId}", session);
        Assert.Contains("1 place, 0 left.", before.Body, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Join the waiting list</button>", before.Body, StringComparison.Ordinal);

        var posted = await BrowserPostAsync(app, $"/api/events/{e.EventId}/register", MemberSessions.FormToken(profile), session);

        Assert.Equal(303, posted.Status);
        Assert.Equal($"/api/events/{e.EventId}?waitlisted=1", posted.Headers.Location.ToString());
        Assert.Equal(new AttendeeStatus.Waitlisted(1), await app.Get<EventRegistrationService>().StatusAsync(e.EventId, memberId, Ct));
        var after = await BrowserGetAsync(app, posted.Headers.Location.ToString(), session);
        Assert.Contains("<strong>You are on the waiting list.</strong>", after.Body, StringComparison.Ordinal);
        Assert.Contains("You are number 1 on the waiting list.", after.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.ics?token=", after.Body, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\" class=\"secondary\">Leave the waiting list</button>", after.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("meet.example.org", after.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingFromThePageFreesThePlaceForTheNextPersonWhoIsTold()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop(e => e with { Capacity = 1 }));
        var (memberId, profile) = await MemberAsync(app);
        var (waiting, _) = await MemberAsync(app);
        var attendees = app.Get<EventAttendees>();
        Assert.IsType<RegistrationOutcome.Registered>(await attendees.RegisterAsync(e.EventId, memberId, Ct));
        Assert.IsType<RegistrationOutcome.Waitlisted>(await attendees.RegisterAsync(e.EventId, waiting, Ct));
        var session = ("cop-profile", profile);

        var posted = await BrowserPostAsync(app, $"/api/events/{e.EventId}/cancel-registration", MemberSessions.FormToken(profile), session);

        Assert.Equal(303, posted.Status);
        Assert.Equal($"/api/events/{e.EventId}?cancelled=1", posted.Headers.Location.ToString());
        var registrations = app.Get<EventRegistrationService>();
        Assert.IsType<AttendeeStatus.None>(await registrations.StatusAsync(e.EventId, memberId, Ct));
        Assert.IsType<AttendeeStatus.Registered>(await registrations.StatusAsync(e.EventId, waiting, Ct));
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Single(app.Outbox(), m => m.Category == EventRegistrationMails.Promoted && m.To.Address == $"voter-{waiting}@example.org");
        var after = await BrowserGetAsync(app, posted.Headers.Location.ToString(), session);
        Assert.Contains("<strong>Your registration is cancelled.</strong>", after.Body, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Join the waiting list</button>", after.Body, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        // what makes the registration impossible; what the page says.
        { "full without a waiting list", "every place was taken meanwhile, and this event keeps no waiting list." },
        { "not open yet", "registration is not open yet." },
        { "closed", "registration is closed." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task RefusedRegistrationShowsThePageAgainWithTheReason(string why, string said)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop(e => why switch
        {
            "full without a waiting list" => e with { Capacity = 1, Waitlist = false },
            "not open yet" => e with { RegistrationOpensAt = Now.AddDays(3) },
            _ => e with { RegistrationClosesAt = Now.AddHours(-1) },
        }));
        if (why == "full without a waiting list")
        {
            var (first, _) = await MemberAsync(app);
            Assert.IsType<RegistrationOutcome.Registered>(await app.Get<EventAttendees>().RegisterAsync(e.EventId, first, Ct));
        }

        var (memberId, profile) = await MemberAsync(app);

        var refused = await BrowserPostAsync(app, $"/api/events/{e.EventId}/register", MemberSessions.FormToken(profile), ("cop-profile", profile));

        Assert.Equal(409, refused.Status);
        Assert.StartsWith("text/html", refused.ContentType, StringComparison.Ordinal);
        Assert.Contains($"<div class=\"alert\" role=\"alert\"><p><strong>You are not registered:</strong> {said}</p></div>", refused.Body, StringComparison.Ordinal);
        Assert.IsType<AttendeeStatus.None>(await app.Get<EventRegistrationService>().StatusAsync(e.EventId, memberId, Ct));
        Assert.DoesNotContain($"action=\"/api/events/{e.EventId}/register\"", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingWithoutARegistrationSaysThereWasNothingToCancel()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (_, profile) = await MemberAsync(app);

        var refused = await BrowserPostAsync(app, $"/api/events/{e.EventId}/cancel-registration", MemberSessions.FormToken(profile), ("cop-profile", profile));

        Assert.Equal(409, refused.Status);
        Assert.Contains("You were not registered for this event: there was nothing to cancel.", refused.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/register", "missing")]
    [InlineData("/register", "another session's")]
    [InlineData("/cancel-registration", "missing")]
    public async Task FormWithoutTheSessionsFormTokenChangesNothing(string form, string formToken)
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (memberId, profile) = await MemberAsync(app);
        if (form == "/cancel-registration")
        {
            Assert.IsType<RegistrationOutcome.Registered>(await app.Get<EventAttendees>().RegisterAsync(e.EventId, memberId, Ct));
        }

        var before = await app.Get<EventRegistrationService>().StatusAsync(e.EventId, memberId, Ct);
        var refused = await BrowserPostAsync(
            app, $"/api/events/{e.EventId}{form}", formToken == "missing" ? null : MemberSessions.FormToken("another session"), ("cop-profile", profile));

        Assert.Equal(403, refused.Status);
        Assert.Contains("Nothing was changed.", refused.Body, StringComparison.Ordinal);
        Assert.Equal(before, await app.Get<EventRegistrationService>().StatusAsync(e.EventId, memberId, Ct));
    }

    [Fact]
    public async Task FormWithoutASessionIsRefusedWithTheWayToANewLink()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());

        var refused = await BrowserPostAsync(app, $"/api/events/{e.EventId}/register", MemberSessions.FormToken("no session"));

        Assert.Equal(401, refused.Status);
        Assert.Contains("<form method=\"post\" action=\"/api/members/access-link\">", refused.Body, StringComparison.Ordinal);
        Assert.Equal(new SeatCount(0, 0), await app.Get<EventRegistrationService>().CountAsync(e.EventId, Ct));
    }

    [Fact]
    public async Task CancelledEventOffersNoFormEvenToARegisteredMember()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var e = await AddAsync(app, Workshop());
        var (memberId, profile) = await MemberAsync(app);
        Assert.IsType<RegistrationOutcome.Registered>(await app.Get<EventAttendees>().RegisterAsync(e.EventId, memberId, Ct));
        var stored = (await app.Get<EventStore>().GetAsync(e.EventId, Ct))!;
        Assert.NotNull(await app.Get<EventStore>().TryReplaceAsync(e with { Status = EventStatus.Cancelled }, stored.Version, Ct));

        var page = await BrowserGetAsync(app, $"/api/events/{e.EventId}", ("cop-profile", profile));

        Assert.Contains("<strong>This event is cancelled.</strong>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" action=\"/api/events/", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("meet.example.org", page.Body, StringComparison.Ordinal);
    }
}
