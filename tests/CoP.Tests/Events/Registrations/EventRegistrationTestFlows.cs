using System.Globalization;
using CoP.Functions.Events.Registrations;
using CoP.Shared.Events;
using CoP.Shared.Members;
using CoP.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Events.Registrations;

/// <summary>Events written straight to their store, members straight to theirs, and the registration routes, for this folder's tests.</summary>
internal static class EventRegistrationTestFlows
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        return (TestApp.Create(storage, settings, time: time), time);
    }

    /// <summary>A published hybrid event a week after <see cref="Start"/>, open for registration now; a test changes what it needs.</summary>
    public static Event NewEvent(int? capacity = 10, bool waitlist = true, Func<Event, Event>? change = null)
    {
        var startsAt = Start.AddDays(7).AddHours(5);
        var e = new Event(
            EventStore.NewEventId(),
            new Dictionary<string, EventText>
            {
                ["en"] = new("Biochar field day", "Kilns, soils and yields."),
                ["fr"] = new("Journée biochar", "Fours, sols et rendements."),
            },
            ["biochar"],
            EventFormat.Hybrid,
            startsAt,
            startsAt.AddHours(3),
            "Europe/Paris",
            new EventVenue("Hall B", "1 Rue de la Paix, 75002 Paris", null),
            new Uri("https://meet.example.org/biochar-field-day"),
            ["en", "fr"],
            capacity,
            waitlist,
            null,
            null,
            [],
            EventStatus.Published,
            [],
            null,
            null,
            0,
            Start.AddDays(-1),
            Start.AddDays(-1));
        return change is null ? e : change(e);
    }

    public static async Task<string> EventAsync(TestApp app, int? capacity = 10, bool waitlist = true, Func<Event, Event>? change = null)
    {
        var e = NewEvent(capacity, waitlist, change);
        await app.Get<EventStore>().AddAsync(e, Ct);
        return e.EventId;
    }

    /// <summary>A confirmed member written straight to the store, with a profile token (the link newsletters carry).</summary>
    public static async Task<(string MemberId, string Token)> MemberAsync(
        TestApp app, MemberStatus status = MemberStatus.Confirmed, string language = "en", TokenPurpose purpose = TokenPurpose.Profile)
    {
        var id = MemberStore.NewMemberId();
        var now = app.Get<TimeProvider>().GetUtcNow();
        var member = new MemberEntity
        {
            PartitionKey = id,
            EmailKey = "key-" + id,
            Email = $"attendee-{id}@example.org",
            Name = "Attendee " + id[..6],
            Organization = "Sahel Soils",
            Country = "SN",
            Language = language,
            Status = status.ToString(),
            CreatedAt = now.AddDays(-2),
            ConfirmedAt = status == MemberStatus.Confirmed ? now.AddDays(-1) : null,
        };
        Assert.True(await app.Get<MemberStore>().TryAddAsync(member, Ct));
        return (id, Token(app, id, purpose));
    }

    public static string Token(TestApp app, string memberId, TokenPurpose purpose) =>
        app.Get<MemberTokenService>().Issue(memberId, 0, purpose, purpose == TokenPurpose.Vote ? "0123456789abcdef0123456789abcdef" : null);

    public static async Task<TestResponse> RegisterAsync(TestApp app, string eventId, string? token)
    {
        var request = app.Raw("POST", $"/api/events/{eventId}/registrations", "", null);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<RegisterForEventFunction>().RegisterForEvent(request, eventId, Ct), request);
    }

    public static async Task<TestResponse> RegisterRawAsync(TestApp app, string eventId, string? token, string body, string? contentType)
    {
        var request = app.Raw("POST", $"/api/events/{eventId}/registrations", body, contentType);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<RegisterForEventFunction>().RegisterForEvent(request, eventId, Ct), request);
    }

    public static async Task<TestResponse> RegisterFormAsync(TestApp app, string eventId, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var request = TestRequests.Form(app.Services, "POST", $"/api/events/{eventId}/registrations", fields);
        return await TestResponse.ExecuteAsync(await app.Function<RegisterForEventFunction>().RegisterForEvent(request, eventId, Ct), request);
    }

    public static async Task<TestResponse> CancelAsync(TestApp app, string eventId, string? token)
    {
        var request = app.Raw("DELETE", $"/api/events/{eventId}/registrations/me", "", null);
        if (token is not null)
        {
            request.WithHeader("Authorization", $"Bearer {token}");
        }

        return await TestResponse.ExecuteAsync(await app.Function<CancelEventRegistrationFunction>().CancelEventRegistration(request, eventId, Ct), request);
    }

    public static async Task<TestResponse> ExportAsync(TestApp app, string eventId, string? format = null)
    {
        var request = app.Get($"/api/manage/events/{eventId}/registrations" + (format is null ? "" : $"?format={format}"));
        return await TestResponse.ExecuteAsync(await app.Function<ExportEventRegistrationsFunction>().ExportEventRegistrations(request, eventId, Ct), request);
    }

    /// <summary>Many confirmed members at once (the way the poll tests make hundreds of voters).</summary>
    public static async Task<(string MemberId, string Token)[]> MembersAsync(TestApp app, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => MemberAsync(app)));
}
