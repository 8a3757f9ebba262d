using CoP.Shared.Events;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// The events part of an issue, from the events table: published events starting within <see cref="Horizon"/> of the
/// issue (soonest first, at most <see cref="MaxUpcoming"/>), and the materials added during the period to events that
/// took place (drafts and cancelled events are never listed).
/// </summary>
public sealed class NewsletterEvents(EventStore events)
{
    /// <summary>How far ahead an issue looks for events.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(90);

    /// <summary>At most this many upcoming events in one issue.</summary>
    public const int MaxUpcoming = 20;

    /// <summary>How long before the period an event may have ended and still have its new materials listed.</summary>
    private static readonly TimeSpan MaterialsLookBack = TimeSpan.FromDays(365);

    public async Task<(IReadOnlyList<NewsletterEvent> Upcoming, IReadOnlyList<NewsletterEventMaterials> Materials)> ListAsync(
        DateTimeOffset periodStart, DateTimeOffset periodEnd, DateTimeOffset now, Func<string, string> apiUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        var candidates = await events.ListEndingAfterAsync(periodStart - MaterialsLookBack, cancellationToken);
        var upcoming = candidates
            .Where(e => e.Status == EventStatus.Published && e.StartsAt > now && e.StartsAt <= now + Horizon)
            .Take(MaxUpcoming)
            .Select(e => new NewsletterEvent(
                e.EventId, Titles(e), e.Topics, EventNames.Of(e.Format), e.StartsAt, e.TimeZone,
                e.CreatedAt > periodStart && e.CreatedAt <= periodEnd, apiUrl($"events/{e.EventId}")))
            .ToList();
        var materials = candidates
            .Where(e => e.Status is EventStatus.Published or EventStatus.Completed && e.StartsAt <= now)
            .Select(e => (Event: e, Added: e.Materials.Where(m => m.AddedAt > periodStart && m.AddedAt <= periodEnd).ToList()))
            .Where(found => found.Added.Count > 0)
            .Select(found => new NewsletterEventMaterials(
                found.Event.EventId, Titles(found.Event), found.Event.StartsAt, found.Event.TimeZone,
                [.. found.Added.Select(m => Material(m, apiUrl)).OfType<NewsletterMaterial>()], apiUrl($"events/{found.Event.EventId}")))
            .Where(found => found.Materials.Count > 0)
            .ToList();
        return (upcoming, materials);
    }

    private static Dictionary<string, string> Titles(Event e) => e.Texts.ToDictionary(text => text.Key, text => text.Value.Title, StringComparer.Ordinal);

    // A catalog document links to its page; a link only when it is http(s), since it goes into an attribute.
    private static NewsletterMaterial? Material(EventMaterial material, Func<string, string> apiUrl) =>
        material.DocumentId is { Length: > 0 } documentId ? new(material.Title, EventNames.Of(material.Kind), apiUrl($"documents/{documentId}"))
        : material.Link is { Scheme: "https" or "http" } link ? new(material.Title, EventNames.Of(material.Kind), link.AbsoluteUri)
        : null;
}
