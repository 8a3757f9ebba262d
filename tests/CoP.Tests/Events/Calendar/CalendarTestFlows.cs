using System.Globalization;
using CoP.Functions.Events.Calendar;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.TestSupport;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Events.Calendar;

/// <summary>Events stored as the operators' routes would store them, and the calendar routes driven as calendar apps drive them.</summary>
internal static class CalendarTestFlows
{
    public static readonly DateTimeOffset Start = At("2027-01-10T09:00:00Z");

    public static readonly Uri OnlineUrl = new("https://meet.example.net/room/soil-carbon-4421");

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    /// <summary>A test app whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, settings, time: time), time);
    }

    /// <summary>A hybrid event of two hours from <paramref name="startsAt"/> in <paramref name="zone"/>; <paramref name="change"/> adjusts it.</summary>
    public static Event NewEvent(DateTimeOffset startsAt, string zone = "Europe/Paris", EventStatus status = EventStatus.Published, Func<Event, Event>? change = null)
    {
        var e = new Event(
            EventStore.NewEventId(),
            new Dictionary<string, EventText>
            {
                ["en"] = new("Soil carbon in practice", "How farms measure what their soils store."),
                ["fr"] = new("Le carbone des sols en pratique", "Comment les fermes mesurent ce que stockent leurs sols."),
            },
            ["biochar", "monitoring-slm"],
            EventFormat.Hybrid,
            startsAt,
            startsAt.AddHours(2),
            zone,
            new EventVenue("Maison de l'agriculture", "12 rue des Champs, 75012 Paris", new GeoPoint(48.8412, 2.3876)),
            OnlineUrl,
            ["en", "fr"],
            Capacity: 50,
            Waitlist: true,
            RegistrationOpensAt: null,
            RegistrationClosesAt: null,
            Agenda: [],
            status,
            Materials: [],
            Report: null,
            Attended: null,
            Sequence: 0,
            CreatedAt: Start.AddDays(-3),
            UpdatedAt: Start.AddDays(-2));
        return change is null ? e : change(e);
    }

    public static async Task<Event> StoredAsync(TestApp app, Event e)
    {
        await app.Get<EventStore>().AddAsync(e, Ct);
        return e;
    }

    /// <summary>A confirmed member written straight to the store, in <paramref name="language"/>.</summary>
    public static async Task<MemberEntity> MemberAsync(TestApp app, string language = "en")
    {
        var id = MemberStore.NewMemberId();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var member = new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "key-" + id,
            Email = $"attendee-{id}@example.org",
            Name = "Attendee",
            Language = language,
            Status = nameof(MemberStatus.Confirmed),
            CreatedAt = now.AddDays(-2),
            ConfirmedAt = now.AddDays(-1),
        };
        Assert.True(await app.Get<MemberStore>().TryAddAsync(member, Ct));
        return member;
    }

    /// <summary>Registers the member (who gets a place).</summary>
    public static async Task RegisterAsync(TestApp app, string eventId, MemberEntity member) =>
        Assert.IsType<RegistrationOutcome.Registered>(await app.Get<EventRegistrationService>().RegisterAsync(eventId, member, Ct));

    public static async Task<TestResponse> GetEventCalendarAsync(TestApp app, string eventId, string? ifNoneMatch = null)
    {
        var request = app.Get($"/api/events/{eventId}/calendar.ics");
        if (ifNoneMatch is not null)
        {
            request.WithHeader("If-None-Match", ifNoneMatch);
        }

        return await TestResponse.ExecuteAsync(await app.Function<GetEventCalendarFunction>().GetEventCalendar(request, eventId, Ct), request);
    }

    public static async Task<TestResponse> GetEventsCalendarAsync(TestApp app, string? query = null, string? ifNoneMatch = null)
    {
        var request = app.Get("/api/events/calendar.ics" + query);
        if (ifNoneMatch is not null)
        {
            request.WithHeader("If-None-Match", ifNoneMatch);
        }

        return await TestResponse.ExecuteAsync(await app.Function<GetEventsCalendarFunction>().GetEventsCalendar(request, Ct), request);
    }

    /// <summary>The calendar text parsed back with Ical.Net, as a calendar app reads it.</summary>
    public static Ical.Net.Calendar Parse(string ics) => Ical.Net.Calendar.Load(ics) ?? throw new InvalidOperationException("Not a calendar.");

    /// <summary>The one VEVENT of a calendar.</summary>
    public static CalendarEvent Single(string ics) => Assert.Single(Parse(ics).Events);

    /// <summary>A property of a VEVENT as written (the raw line), for what Ical.Net does not expose as a value.</summary>
    public static string? Line(string ics, string name) =>
        Unfold(ics).Split("\r\n").FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.Ordinal) || line.StartsWith(name + ";", StringComparison.Ordinal));

    /// <summary>The calendar text with its folded lines (RFC 5545 3.1) joined again.</summary>
    public static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
}
