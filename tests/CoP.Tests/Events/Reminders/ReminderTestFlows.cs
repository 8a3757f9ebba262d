using System.Globalization;
using CoP.Functions.Events.Reminders;
using CoP.Shared.Email;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Tests.Polls;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;

namespace CoP.Tests.Events.Reminders;

/// <summary>Events, runs of the reminder timer and the mails they led to, for the tests of this folder.</summary>
internal static class ReminderTestFlows
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", CultureInfo.InvariantCulture);

    public const string Operators = "ops-one@example.org; Ops-Two@example.org";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A test app with two operators, whose clock stands at <see cref="Start"/> until the test moves it.</summary>
    public static (TestApp App, FakeTimeProvider Time) CreateApp(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(Start);
        var values = new Dictionary<string, string?> { ["Console:Operators"] = Operators };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return (TestApp.Create(storage, values, time: time), time);
    }

    /// <summary>An event stored as operators leave it, starting at <paramref name="startsAt"/> and lasting two hours.</summary>
    public static async Task<Event> EventAsync(
        TestApp app, DateTimeOffset startsAt, EventStatus status = EventStatus.Published, IReadOnlyList<string>? topics = null,
        string title = "Field day on biochar", IReadOnlyList<EventMaterial>? materials = null, int? capacity = 50)
    {
        var now = app.Get<TimeProvider>().GetUtcNow();
        var e = new Event(
            EventStore.NewEventId(),
            new Dictionary<string, EventText> { ["en"] = new(title, "Trials and results."), ["fr"] = new("Journée biochar", null) },
            topics ?? ["biochar"],
            EventFormat.Hybrid,
            startsAt,
            startsAt.AddHours(2),
            "Europe/Paris",
            new EventVenue("Maison de la Chimie", "28 rue Saint-Dominique, Paris", null),
            new Uri("https://meet.example.org/biochar"),
            ["en", "fr"],
            Capacity: capacity,
            Waitlist: true,
            RegistrationOpensAt: null,
            RegistrationClosesAt: null,
            Agenda: [],
            status,
            materials ?? [],
            Report: null,
            Attended: null,
            Sequence: 0,
            CreatedAt: now,
            UpdatedAt: now);
        await app.Get<EventStore>().AddAsync(e, Ct);
        return e;
    }

    /// <summary>A confirmed member registered for the event through the registrations service; returns the member id and the outcome.</summary>
    public static async Task<(string MemberId, RegistrationOutcome Outcome)> RegisteredAsync(TestApp app, Event e)
    {
        var (memberId, token) = await PollTestFlows.MemberAsync(app);
        return (memberId, await app.Get<EventRegistrationService>().RegisterAsync(e.EventId, token, Ct));
    }

    /// <summary>The reminders in the outbox, by member id, each with its offset key.</summary>
    public static ILookup<string, string> RemindersOf(TestApp app) =>
        Mails(app, "event-reminder").ToLookup(m => m.CustomArgs["memberId"], m => m.CustomArgs["offset"]);

    /// <summary>One run of the timer, as the host starts it.</summary>
    public static Task RunAsync(TestApp app) => app.Function<SendEventRemindersFunction>().SendEventReminders(new TimerInfo(), Ct);

    /// <summary>Runs the timer, then delivers what it queued.</summary>
    public static async Task RunAndDeliverAsync(TestApp app)
    {
        await RunAsync(app);
        var drain = await app.DeliverQueuedMailAsync(Ct);
        Assert.Empty(drain.Failures);
    }

    public static IReadOnlyList<OutboxMessage> Mails(TestApp app, string category) =>
        [.. LocalOutbox.ReadAll(app.OutboxPath).Where(m => m.Category == category)];
}
