using System.Net;
using CoP.Shared.Console;
using CoP.Shared.Events;
using CoP.Tests.Browser;
using static CoP.Tests.Console.ConsoleClient;
using static CoP.Tests.Console.ConsoleEventFlows;

namespace CoP.Tests.Console;

/// <summary>
/// The console's events list and form over real HTTP: events created and edited through the form are the events of the
/// JSON routes (the same rules, the same service), their times converted from the organiser's zone; refused forms store
/// nothing and name the field; an edit made from a stale version overwrites nothing.
/// </summary>
public sealed class ConsoleEventsTests(StorageFixture storage)
{
    private const string SomeEvent = "0123456789abcdef0123456789abcdef";

    /// <summary>Every route of the events area, for <see cref="ConsoleAccessTests"/>.</summary>
    public static readonly (string Method, string Path)[] AccessRoutes =
    [
        ("GET", "/api/console/events"),
        ("POST", "/api/console/events"),
        ("GET", "/api/console/events/new"),
        ("GET", $"/api/console/events/{SomeEvent}"),
        ("POST", $"/api/console/events/{SomeEvent}"),
        ("GET", $"/api/console/events/{SomeEvent}/edit"),
        ("POST", $"/api/console/events/{SomeEvent}/cancel"),
        ("GET", $"/api/console/events/{SomeEvent}/registrations.csv"),
        ("POST", $"/api/console/events/{SomeEvent}/attendance"),
        ("POST", $"/api/console/events/{SomeEvent}/materials"),
    ];

    [Fact]
    public async Task TheListShowsEveryEventWhateverItsStatusAndTheOverviewCountsTheUpcomingOnes()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        var soon = DateTimeOffset.UtcNow.AddDays(3);
        var draft = await SeedAsync(host, "Draft workshop", EventStatus.Draft, soon);
        var published = await SeedAsync(host, "Published workshop", EventStatus.Published, soon.AddDays(1));
        var cancelled = await SeedAsync(host, "Cancelled workshop", EventStatus.Cancelled, soon.AddDays(2));
        var completed = await SeedAsync(host, "Completed workshop", EventStatus.Completed, DateTimeOffset.UtcNow.AddDays(-9));
        using var client = await SignInAsync(host);

        using var list = await client.GetAsync("/api/console/events");
        var html = await list.Content.ReadAsStringAsync(Ct);
        using var overview = await client.GetAsync("/api/console");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        foreach (var (stored, status) in new[] { (draft, "Draft"), (published, "Published"), (cancelled, "Cancelled"), (completed, "Completed") })
        {
            Assert.Contains($"<a href=\"/api/console/events/{stored.Event.EventId}\">{stored.Event.TextIn("en").Title}</a></td><td>{status}</td>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"/api/events/{draft.Event.EventId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"/api/events/{published.Event.EventId}\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("Completed workshop", StringComparison.Ordinal) < html.IndexOf("Draft workshop", StringComparison.Ordinal), "not soonest first");
        Assert.Contains("href=\"/api/console/events\" aria-current=\"page\"", html, StringComparison.Ordinal);
        Assert.Contains("1 upcoming event(s)", await overview.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryFieldOfTheFormIsStoredWithItsTimesConvertedFromTheOrganisersZone()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var summer = new DateTime(WinterDay.Year, 7, 15, 0, 0, 0, DateTimeKind.Unspecified);
        var fields = Form();
        fields["title.fr"] = "Journée biochar";
        fields["description.fr"] = "Visites et exposés.";
        fields["startsAt"] = Wall(summer.AddHours(9));
        fields["endsAt"] = Wall(summer.AddHours(17).AddMinutes(30));
        fields["latitude"] = "45.764";
        fields["longitude"] = "4.8357";
        fields["registrationOpensAt"] = Wall(WinterDay.AddHours(8));
        fields["registrationClosesAt"] = Wall(summer.AddHours(-12));
        fields["agenda[0].startsAt"] = Wall(summer.AddHours(9));
        fields["agenda[0].endsAt"] = Wall(summer.AddHours(10));
        fields["agenda[0].title"] = "Welcome";
        fields["agenda[0].speakers"] = "Ada Lovelace; Grace Hopper [0123456789abcdef0123456789abcdef]";
        fields["agenda[3].startsAt"] = Wall(summer.AddHours(14));
        fields["agenda[3].title"] = "Field visit";

        var eventId = await CreateAsync(client, fields);
        var e = (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event;

        Assert.Equal(("Biochar field day", "Visits and talks."), (e.Texts["en"].Title, e.Texts["en"].Description));
        Assert.Equal("Journée biochar", e.Texts["fr"].Title);
        Assert.Equal(["biochar"], e.Topics);
        Assert.Equal((EventFormat.Hybrid, Zone), (e.Format, e.TimeZone));
        // Paris is at UTC+2 in July and UTC+1 in January.
        Assert.Equal(new DateTimeOffset(summer.AddHours(7), TimeSpan.Zero), e.StartsAt);
        Assert.Equal(new DateTimeOffset(summer.AddHours(15).AddMinutes(30), TimeSpan.Zero), e.EndsAt);
        Assert.Equal(new DateTimeOffset(WinterDay.AddHours(7), TimeSpan.Zero), e.RegistrationOpensAt);
        Assert.Equal(new DateTimeOffset(summer.AddHours(-14), TimeSpan.Zero), e.RegistrationClosesAt);
        Assert.Equal(new EventVenue("Ferme des Granges", "1 chemin des Granges, Lyon", new GeoPoint(45.764, 4.8357)), e.Venue);
        Assert.Equal(new Uri("https://meet.example.org/biochar"), e.OnlineUrl);
        Assert.Equal(["en"], e.Languages);
        Assert.Equal((2, true, EventStatus.Published), (e.Capacity, e.Waitlist, e.Status));
        Assert.Equal(2, e.Agenda.Count);
        Assert.Equal(("Welcome", new DateTimeOffset(summer.AddHours(8), TimeSpan.Zero)), (e.Agenda[0].Title, e.Agenda[0].EndsAt!.Value));
        Assert.Equal([new EventSpeaker("Ada Lovelace", null), new EventSpeaker("Grace Hopper", "0123456789abcdef0123456789abcdef")], e.Agenda[0].Speakers.ToArray());
        Assert.Equal(("Field visit", (DateTimeOffset?)null), (e.Agenda[1].Title, e.Agenda[1].EndsAt));

        // The edit form gives the same wall-clock times back, and the version it was made from.
        using var edit = await client.GetAsync($"/api/console/events/{eventId}/edit");
        var html = await edit.Content.ReadAsStringAsync(Ct);
        Assert.Contains($"value=\"{Wall(summer.AddHours(9))}\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ada Lovelace; Grace Hopper [0123456789abcdef0123456789abcdef]\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"version\"", html, StringComparison.Ordinal);
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action == "event.create").ToListAsync(Ct);
        Assert.Equal((eventId, "published"), (Assert.Single(audit).Target, audit[0].Detail));
    }

    public static TheoryData<string, string> RefusedForms() => new()
    {
        { "no title", "title-en" },
        { "a control character in the title", "title-en" },
        { "a direction override in an agenda title", "agenda-0-title" },
        { "an unknown time zone", "timeZone" },
        { "a time the zone skips", "startsAt" },
        { "a time that is none", "endsAt" },
        { "ends before it starts", "endsAt" },
        { "in person without an address", "venueAddress" },
        { "online with a plain http link", "onlineUrl" },
        { "a capacity that is no number", "capacity" },
        { "a capacity of zero", "capacity" },
        { "a latitude that is no number", "latitude" },
        { "an unknown topic", "topics-0" },
        { "a format that is none", "format-online" },
    };

    [Theory]
    [MemberData(nameof(RefusedForms))]
    public async Task ARefusedFormNamesTheFieldKeepsTheValuesAndCreatesNothing(string refusal, string input)
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form();
        fields["description.en"] = "Kept as typed.";
        switch (refusal)
        {
            case "no title": fields["title.en"] = " "; break;
            case "a control character in the title": fields["title.en"] = "Field day\u0007"; break;
            case "a direction override in an agenda title": fields["agenda[0].startsAt"] = fields["startsAt"]; fields["agenda[0].title"] = "Talk \u202Egnp.exe"; break;
            case "an unknown time zone": fields["timeZone"] = "Europe/Atlantis"; break;
            case "a time the zone skips": fields["startsAt"] = Wall(SpringForward().AddHours(2).AddMinutes(30)); fields["endsAt"] = Wall(SpringForward().AddHours(9)); break;
            case "a time that is none": fields["endsAt"] = "tomorrow"; break;
            case "ends before it starts": fields["endsAt"] = Wall(WinterDay.AddHours(8)); break;
            case "in person without an address": fields["format"] = "in-person"; fields["venueAddress"] = ""; fields.Remove("onlineUrl"); break;
            case "online with a plain http link": fields["onlineUrl"] = "http://meet.example.org/biochar"; break;
            case "a capacity that is no number": fields["capacity"] = "many"; break;
            case "a capacity of zero": fields["capacity"] = "0"; break;
            case "a latitude that is no number": fields["latitude"] = "north"; break;
            case "an unknown topic": fields["topics"] = "no-such-topic"; break;
            case "a format that is none": fields["format"] = "by-post"; break;
        }

        using var answer = await client.PostAsync("/api/console/events", fields);
        var html = await answer.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var errorId = input switch { "topics-0" => "topics", "format-online" => "format", "agenda-0-title" => "agenda-0", _ => input };
        Assert.Contains($"id=\"{errorId}-error\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"#{input}\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("Kept as typed.", html, StringComparison.Ordinal);
        Assert.Empty(await host.App.Get<EventStore>().ListAllAsync(Ct));
        Assert.DoesNotContain(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).ToListAsync(Ct), e => e.Action.StartsWith("event.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishingADraftThroughTheEditFormIsAuditedAndMembersSeeIt()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form();
        fields["status"] = "draft";
        var eventId = await CreateAsync(client, fields);
        Assert.False((await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.IsPublic);

        fields["status"] = "published";
        fields["capacity"] = "40";
        fields["version"] = await VersionAsync(client, eventId);
        using var saved = await client.PostAsync($"/api/console/events/{eventId}", fields);

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"/api/console/events/{eventId}?done=updated", saved.Headers.Location?.ToString());
        var e = (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event;
        Assert.Equal((EventStatus.Published, 40), (e.Status, e.Capacity));
        using var page = await client.GetAsync($"/api/console/events/{eventId}?done=updated");
        Assert.Contains("The event is saved.", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var audit = await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action == "event.update").ToListAsync(Ct);
        Assert.Equal((eventId, "published"), (Assert.Single(audit).Target, audit[0].Detail));
    }

    [Fact]
    public async Task AnEditMadeFromAStaleVersionOverwritesNothingAndSaysTheEventChangedMeanwhile()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var eventId = await CreateAsync(client, Form());
        var stale = await VersionAsync(client, eventId);

        // Another tab saves first.
        var first = Form("Renamed in another tab");
        first["version"] = stale;
        using (var saved = await client.PostAsync($"/api/console/events/{eventId}", first))
        {
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        }

        var second = Form("Renamed from a stale form");
        second["version"] = stale;
        using var refused = await client.PostAsync($"/api/console/events/{eventId}", second);
        var html = await refused.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("changed meanwhile", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Renamed from a stale form\"", html, StringComparison.Ordinal);
        Assert.Equal("Renamed in another tab", (await host.App.Get<EventStore>().GetAsync(eventId, Ct))!.Event.Texts["en"].Title);
        Assert.Single(await host.App.Get<OperatorAudit>().ListAllAsync(Ct).Where(entry => entry.Action == "event.update").ToListAsync(Ct));
    }

    [Fact]
    public async Task MarkupIsKeptAsTextAndNeverRenderedAsMarkup()
    {
        await using var host = await FunctionsTestHost.StartAsync(storage, Settings, cancellationToken: Ct);
        using var client = await SignInAsync(host);
        var fields = Form("<script>alert(1)</script>");
        fields["agenda[0].startsAt"] = fields["startsAt"];
        fields["agenda[0].title"] = "<b>Bold</b>";

        var eventId = await CreateAsync(client, fields);

        foreach (var path in new[] { "/api/console/events", $"/api/console/events/{eventId}", $"/api/console/events/{eventId}/edit" })
        {
            using var page = await client.GetAsync(path);
            var html = await page.Content.ReadAsStringAsync(Ct);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>Bold", html, StringComparison.Ordinal);
        }
    }

    internal static async Task<string> VersionAsync(ConsoleClient client, string eventId)
    {
        using var edit = await client.GetAsync($"/api/console/events/{eventId}/edit");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var html = await edit.Content.ReadAsStringAsync(Ct);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"version\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "the edit form carries no version");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    // The last Sunday of March next year, when Paris's clocks go from 02:00 to 03:00.
    private static DateTime SpringForward()
    {
        var day = new DateTime(WinterDay.Year, 3, 31, 0, 0, 0, DateTimeKind.Unspecified);
        while (day.DayOfWeek != DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }
}
