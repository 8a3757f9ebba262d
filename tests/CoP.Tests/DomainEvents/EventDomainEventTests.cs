using CoP.Shared.Documents;
using CoP.Shared.DomainEvents;
using static CoP.Tests.DomainEvents.DomainEventTestFlows;
using static CoP.Tests.Events.Manage.EventTestFlows;

namespace CoP.Tests.DomainEvents;

/// <summary><c>event.published</c>, <c>event.starting-soon</c> and <c>event.materials-added</c>: each written once, never with a person in it.</summary>
public sealed class EventDomainEventTests(StorageFixture storage)
{
    private static readonly string[] Personal = ["Ana Ruiz", "rue des Champs", "meet.example.org", "Maison de l"];

    [Fact]
    public async Task ADraftIsPublishedOnceWhenItIsPublishedAndChangedAfterwards()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (eventId, draftVersion) = await EventAsync(app, Definition());
        Assert.Empty(await EventsAsync(app));

        var published = await UpdateAsync(app, eventId, Definition(d => d["status"] = "published"), draftVersion);
        Assert.Equal(200, published.Status);
        var changed = await UpdateAsync(app, eventId, Definition(d => { d["status"] = "published"; d["capacity"] = 60; }), published.Headers.ETag.ToString());
        Assert.Equal(200, changed.Status);

        var e = await SingleAsync(app, DomainEventTypes.EventPublished);
        AssertShows(e, DomainEventTypes.EventPublished, eventId, "Biochar field day", $"{PublicBase(app)}/api/events/{eventId}", "biochar");
        Assert.Equal("Thursday 12 November 2026, 14:00 (Europe/Paris)", e.Summary);
        Assert.Equal(EventStart, e.Data.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("hybrid", e.Data.GetProperty("format").GetString());
        Assert.Single(await EventsAsync(app));
        await AssertNothingPersonalAsync(app, Personal);
    }

    [Fact]
    public async Task AnEventCreatedPublishedIsPublishedAtOnceAndACancelledOneIsNeverStartingSoon()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (kept, _) = await EventAsync(app, Definition(d => d["status"] = "published"));
        var (cancelled, _) = await EventAsync(app, Definition(d => d["status"] = "published"));
        Assert.Equal(200, (await CancelAsync(app, cancelled)).Status);

        Assert.Equal(2, (await EventsAsync(app, DomainEventTypes.EventPublished)).Count);
        time.SetUtcNow(EventStart.AddHours(-20));
        await RunDomainEventTimerAsync(app);

        Assert.Equal(DomainEvent.IdOf(DomainEventTypes.EventStartingSoon, $"{kept}/{EventStart.ToUnixTimeSeconds()}"), (await SingleAsync(app, DomainEventTypes.EventStartingSoon)).EventId);
    }

    [Fact]
    public async Task AnEventIsStartingSoonOnceWithinADayOfItsStartAndAgainWhenItMovesToAnotherDay()
    {
        var (app, time) = CreateApp(storage);
        await using var _app = app;
        var (eventId, version) = await EventAsync(app, Definition(d => d["status"] = "published"));

        await RunDomainEventTimerAsync(app);
        time.SetUtcNow(EventStart.AddDays(-2));
        await RunDomainEventTimerAsync(app);
        Assert.Empty(await EventsAsync(app, DomainEventTypes.EventStartingSoon));

        time.SetUtcNow(EventStart.AddHours(-23));
        await Task.WhenAll(RunDomainEventTimerAsync(app), RunDomainEventTimerAsync(app));
        time.Advance(TimeSpan.FromMinutes(5));
        await RunDomainEventTimerAsync(app);

        var soon = await SingleAsync(app, DomainEventTypes.EventStartingSoon);
        AssertShows(soon, DomainEventTypes.EventStartingSoon, $"{eventId}/{EventStart.ToUnixTimeSeconds()}", "Biochar field day", $"{PublicBase(app)}/api/events/{eventId}", "biochar");
        Assert.Equal("Starts Thursday 12 November 2026, 14:00 (Europe/Paris)", soon.Summary);

        var moved = Definition(d =>
        {
            d["status"] = "published";
            d["startsAt"] = "2026-11-13T14:00:00+01:00";
            d["endsAt"] = "2026-11-13T17:30:00+01:00";
            d["registrationClosesAt"] = "2026-11-13T12:00:00+01:00";
            d["agenda"] = null;
        });
        Assert.Equal(200, (await UpdateAsync(app, eventId, moved, version)).Status);
        time.SetUtcNow(EventStart.AddHours(1));
        await RunDomainEventTimerAsync(app);

        Assert.Equal(2, (await EventsAsync(app, DomainEventTypes.EventStartingSoon)).Count);
        await AssertNothingPersonalAsync(app, Personal);
    }

    [Fact]
    public async Task EachMaterialAddedIsNewsOnceWithItsPublicLink()
    {
        var (app, _) = CreateApp(storage);
        await using var _app = app;
        var (eventId, _) = await EventAsync(app, Definition(d => d["status"] = "published"));
        var documentId = DocumentStore.NewDocumentId();
        await app.Get<DocumentStore>().AddAsync(new DocumentEntity { PartitionKey = documentId, Status = nameof(DocumentStatus.Published), Title = "Kiln designs" }, Ct);

        var first = await MaterialsAsync(
            app, eventId,
            new { kind = "slides", title = "Kilns compared", documentId },
            new { kind = "recording", title = "The recording", link = "https://video.example.org/biochar" });
        var second = await MaterialsAsync(app, eventId, new { kind = "minutes", title = "Minutes", link = "https://example.org/minutes" });
        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);

        var added = await EventsAsync(app, DomainEventTypes.EventMaterialsAdded);
        Assert.Equal(3, added.Count);
        Assert.Equal(3, added.Select(e => e.EventId).Distinct().Count());
        var slides = Assert.Single(added, e => e.Summary == "Slides: Kilns compared");
        AssertShows(slides, DomainEventTypes.EventMaterialsAdded, $"{eventId}/{slides.Data.GetProperty("material").GetProperty("id").GetString()}", "Biochar field day", $"{PublicBase(app)}/api/events/{eventId}", "biochar");
        Assert.Equal($"{PublicBase(app)}/api/documents/{documentId}", slides.Data.GetProperty("material").GetProperty("url").GetString());
        Assert.Contains(added, e => e.Summary == "Recording: The recording" && e.Data.GetProperty("material").GetProperty("url").GetString() == "https://video.example.org/biochar");
        Assert.Contains(added, e => e.Summary == "Minutes: Minutes");
        await AssertNothingPersonalAsync(app, Personal);
    }
}
