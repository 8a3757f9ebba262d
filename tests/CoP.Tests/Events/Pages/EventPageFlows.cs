using System.Globalization;
using CoP.Functions.Events.Pages;
using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.Tests.Http;
using CoP.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Events.Pages;

/// <summary>Events stored as an operator would have made them, and the event routes read as scripts and browsers read them.</summary>
internal static class EventPageFlows
{
    /// <summary>What Chrome and Firefox send when following a link.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /// <summary>A Monday morning; the events of the tests are weeks ahead unless a test says otherwise.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Now);
        return (TestApp.Create(storage, settings, time: time), time);
    }

    /// <summary>
    /// A published hybrid workshop in Paris on Tuesday 17 November 2026, 14:00–16:00 Paris time (13:00–15:00 UTC), 30
    /// places with a waiting list, registration open since yesterday; <paramref name="change"/> alters it.
    /// </summary>
    public static Event Workshop(Func<Event, Event>? change = null)
    {
        var starts = DateTimeOffset.Parse("2026-11-17T13:00:00Z", CultureInfo.InvariantCulture);
        var e = new Event(
            EventStore.NewEventId(),
            new Dictionary<string, EventText>
            {
                ["en"] = new("Soil carbon workshop", "Measuring soil carbon on small farms.\nBring your field notes."),
                ["fr"] = new("Atelier carbone des sols", "Mesurer le carbone des sols dans les petites fermes."),
            },
            ["soil-carbon"],
            EventFormat.Hybrid,
            starts,
            starts.AddHours(2),
            "Europe/Paris",
            new EventVenue("Maison des agriculteurs", "12 rue de la Terre, 75012 Paris", new GeoPoint(48.8462, 2.3781)),
            new Uri("https://meet.example.org/soil-carbon"),
            ["en", "fr"],
            30,
            true,
            Now.AddDays(-1),
            null,
            [
                new AgendaItem(starts, starts.AddMinutes(30), "Why measure?", [new EventSpeaker("Amina Diallo", null)]),
                new AgendaItem(starts.AddMinutes(30), starts.AddHours(2), "Sampling in the field", [new EventSpeaker("Kofi Mensah", null), new EventSpeaker("Léa Martin", null)]),
            ],
            EventStatus.Published,
            [],
            null,
            null,
            0,
            Now.AddDays(-2),
            Now.AddDays(-2));
        return change is null ? e : change(e);
    }

    /// <summary>The same workshop <paramref name="days"/> days later (negative: earlier), with a title of its own.</summary>
    public static Func<Event, Event> Moved(int days, string title) => e => e with
    {
        StartsAt = e.StartsAt.AddDays(days),
        EndsAt = e.EndsAt.AddDays(days),
        Texts = new Dictionary<string, EventText> { ["en"] = new(title, null) },
        Agenda = [],
    };

    public static async Task<Event> AddAsync(TestApp app, Event e)
    {
        await app.Get<EventStore>().AddAsync(e, Ct);
        return e;
    }

    /// <summary>A browser's GET of an event route, sending <paramref name="cookies"/>.</summary>
    public static Task<TestResponse> BrowserGetAsync(TestApp app, string pathAndQuery, params (string Name, string Value)[] cookies)
    {
        var request = app.Get(pathAndQuery).WithHeader("Accept", BrowserAccept);
        if (cookies.Length > 0)
        {
            request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        return RunAsync(app, request);
    }

    /// <summary>A browser's post of the event page's register or cancel form, sending <paramref name="cookies"/>.</summary>
    public static Task<TestResponse> BrowserPostAsync(TestApp app, string path, string? formToken, params (string Name, string Value)[] cookies)
    {
        var fields = formToken is null ? [] : new[] { KeyValuePair.Create("formToken", formToken) };
        var request = TestRequests.Form(app.Services, "POST", path, fields).WithHeader("Accept", BrowserAccept);
        if (cookies.Length > 0)
        {
            request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        var eventId = path.Split('/')[3];
        return path.EndsWith("/register", StringComparison.Ordinal)
            ? WorkerPipeline.RunAsync(app, request, r => app.Function<RegisterForEventFromPageFunction>().RegisterForEventFromPage(r, eventId, Ct), "RegisterForEventFromPage")
            : WorkerPipeline.RunAsync(app, request, r => app.Function<CancelEventRegistrationFromPageFunction>().CancelEventRegistrationFromPage(r, eventId, Ct), "CancelEventRegistrationFromPage");
    }

    /// <summary>A confirmed member written straight to the store, and their profile token (as a newsletter's profile link carries it).</summary>
    public static async Task<(string MemberId, string ProfileToken)> MemberAsync(TestApp app)
    {
        var (memberId, _) = await Polls.PollTestFlows.MemberAsync(app);
        return (memberId, app.Get<MemberTokenService>().Issue(memberId, 0, TokenPurpose.Profile));
    }

    /// <summary>A script's GET of an event route, with a Bearer token if given.</summary>
    public static Task<TestResponse> JsonGetAsync(TestApp app, string pathAndQuery, string? token = null, string? acceptLanguage = null)
    {
        var request = app.Get(pathAndQuery).WithHeader("Accept", "application/json");
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        if (acceptLanguage is not null)
        {
            request.WithHeader("Accept-Language", acceptLanguage);
        }

        return RunAsync(app, request);
    }

    /// <summary>The event ids of a JSON listing, in order.</summary>
    public static IReadOnlyList<string> Listed(TestResponse response) =>
        [.. response.Json().GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()!)];

    private static Task<TestResponse> RunAsync(TestApp app, HttpRequest request)
    {
        var path = request.Path.Value!;
        var eventId = path.StartsWith("/api/events/", StringComparison.Ordinal) ? path["/api/events/".Length..] : null;
        return eventId is null
            ? WorkerPipeline.RunAsync(app, request, r => app.Function<ListEventsFunction>().ListEvents(r, Ct), "ListEvents")
            : WorkerPipeline.RunAsync(app, request, r => app.Function<GetEventFunction>().GetEvent(r, eventId, Ct), "GetEvent");
    }
}
