using System.Globalization;
using System.Net;
using CoP.Shared.Events;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;

namespace CoP.Tests.Console;

/// <summary>What the console's events tests share: a filled event form, creating through it, and events stored directly.</summary>
internal static class ConsoleEventFlows
{
    public const string Zone = "Europe/Paris";

    /// <summary>15 January next year: Paris is at UTC+1 then.</summary>
    public static DateTime WinterDay { get; } = new(DateTime.UtcNow.Year + 1, 1, 15, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>A wall-clock time as the form's datetime-local fields hold it.</summary>
    public static string Wall(DateTime at) => at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A published hybrid event on <see cref="WinterDay"/>, 09:00 to 17:00 in Paris, 2 seats and a waiting list.</summary>
    public static Dictionary<string, string> Form(string title = "Biochar field day") => new()
    {
        ["title.en"] = title,
        ["description.en"] = "Visits and talks.",
        ["topics"] = "biochar",
        ["format"] = "hybrid",
        ["timeZone"] = Zone,
        ["startsAt"] = Wall(WinterDay.AddHours(9)),
        ["endsAt"] = Wall(WinterDay.AddHours(17)),
        ["venueName"] = "Ferme des Granges",
        ["venueAddress"] = "1 chemin des Granges, Lyon",
        ["onlineUrl"] = "https://meet.example.org/biochar",
        ["languages"] = "en",
        ["capacity"] = "2",
        ["waitlist"] = "true",
        ["status"] = "published",
    };

    /// <summary>Creates an event through the form; its id.</summary>
    public static async Task<string> CreateAsync(ConsoleClient client, Dictionary<string, string> fields)
    {
        using var created = await client.PostAsync("/api/console/events", fields);
        Assert.True(created.StatusCode == HttpStatusCode.SeeOther, $"creating answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(Ct)}");
        var location = created.Headers.Location?.ToString() ?? "";
        Assert.Matches("^/api/console/events/[0-9a-f]{32}\\?done=created$", location);
        return location["/api/console/events/".Length..^"?done=created".Length];
    }

    /// <summary>An event stored as is (any status, past times too), as the rules would not let a form create it.</summary>
    public static async Task<StoredEvent> SeedAsync(FunctionsTestHost host, string title, EventStatus status, DateTimeOffset startsAt)
    {
        var now = DateTimeOffset.UtcNow;
        var e = new Event(
            EventStore.NewEventId(), new Dictionary<string, EventText> { ["en"] = new(title, null) }, ["biochar"], EventFormat.Online,
            startsAt, startsAt.AddHours(2), Zone, null, new Uri("https://meet.example.org/seeded"), ["en"], 30, false, null, null, [], status,
            [], null, null, 0, now, now);
        return await host.App.Get<EventStore>().AddAsync(e, Ct);
    }
}
