using System.Globalization;
using CoP.Shared.Events;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Reminders;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>
/// Reports what happens to the community's events: <c>event.published</c> (key: the event id) when an event is created
/// published or a draft is published; <c>event.starting-soon</c> (key: the event id and its start time, so that an event
/// moved to a later day is announced again for it), reported by the domain events timer; <c>event.materials-added</c> (key:
/// the event id and the material's id), one per material. Never the venue's address, the online link (registered people
/// only), the speakers or anyone registered.
/// </summary>
public sealed class EventNews(DomainEventLog log, EventLinks links, DocumentNews documents)
{
    public Task<PublishResult> PublishedAsync(Event e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        return PublishAsync(DomainEventTypes.EventPublished, e.EventId, e, EventTimes.Start(e, Event.DefaultLanguage), material: null, cancellationToken);
    }

    public Task<PublishResult> StartingSoonAsync(Event e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var key = string.Create(CultureInfo.InvariantCulture, $"{e.EventId}/{e.StartsAt.ToUnixTimeSeconds()}");
        return PublishAsync(DomainEventTypes.EventStartingSoon, key, e, "Starts " + EventTimes.Start(e, Event.DefaultLanguage), material: null, cancellationToken);
    }

    /// <summary>Reports each of <paramref name="materials"/> (materials of <paramref name="e"/>) as added.</summary>
    public async Task MaterialsAddedAsync(Event e, IEnumerable<EventMaterial> materials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(materials);
        foreach (var material in materials)
        {
            var summary = $"{Capitalised(EventNames.Of(material.Kind))}: {material.Title}";
            await PublishAsync(DomainEventTypes.EventMaterialsAdded, $"{e.EventId}/{material.MaterialId}", e, summary, material, cancellationToken);
        }
    }

    private Task<PublishResult> PublishAsync(string type, string key, Event e, string summary, EventMaterial? material, CancellationToken cancellationToken)
    {
        var title = e.TextIn(Event.DefaultLanguage).Title;
        var url = links.Page(e.EventId).ToString();
        var data = new Happening(
            e.EventId, title, url, e.Topics, EventNames.Of(e.Format), e.StartsAt, e.EndsAt, e.TimeZone, e.Languages, EventNames.Of(e.Status),
            material is null ? null : new Material(material.MaterialId, EventNames.Of(material.Kind), material.Title, MaterialUrl(material), material.AddedAt));
        return log.PublishAsync(new DomainEventDraft(type, key, title, url, e.Topics, summary, DomainEventData.Of(data)), cancellationToken);
    }

    /// <summary>A catalog document's public page, or the link an operator gave.</summary>
    private string? MaterialUrl(EventMaterial material) =>
        material.DocumentId is { } documentId ? documents.Page(documentId) : material.Link?.ToString();

    private static string Capitalised(string name) => string.Concat(char.ToUpperInvariant(name[0]).ToString(), name[1..]);

    private sealed record Material(string Id, string Kind, string Title, string? Url, DateTimeOffset AddedAt);

    private sealed record Happening(
        string Id, string Title, string Url, IReadOnlyList<string> Topics, string Format, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string TimeZone,
        IReadOnlyList<string> Languages, string Status, Material? Material);
}
