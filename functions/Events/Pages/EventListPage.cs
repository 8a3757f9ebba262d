using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// The events page a browser gets (<c>GET /api/events</c>, <c>events.&lt;language&gt;.html.liquid</c>): cards of the
/// events to come and of those that have ended, and a filter form that reads and writes the same query parameters.
/// </summary>
public static class EventListPage
{
    private static readonly string[] FilterFields = ["topic", "from", "to"];

    /// <summary>The events chosen by the filters.</summary>
    public static IResult List(HttpRequest request, IReadOnlyList<Topic> topics, IReadOnlyList<Event> upcoming, IReadOnlyList<Event> past, DateTimeOffset now) =>
        HtmlPages.Page(StatusCodes.Status200OK, "events", language => View(request, topics, language, upcoming, past, now, new Dictionary<string, string[]>()));

    /// <summary>The filter form again with the refused values marked (400), and no events.</summary>
    public static IResult Refused(HttpRequest request, IReadOnlyList<Topic> topics, IReadOnlyDictionary<string, string[]> errors) =>
        HtmlPages.Page(StatusCodes.Status400BadRequest, "events", language => View(request, topics, language, [], [], DateTimeOffset.MinValue, errors));

    /// <summary>An event's card: what the list, and the newsletter's readers following it, see first.</summary>
    public static EventCard Card(Event e, IReadOnlyDictionary<string, string> topicNames, string language, DateTimeOffset now)
    {
        var when = EventTimes.For(e, language);
        return new EventCard(
            $"{PageLinks.Base}/events/{e.EventId}",
            e.TextIn(language).Title,
            when.Local,
            when.Zone,
            when.StartsAt,
            EventNames.Of(e.Format),
            EventNames.Of(e.Status),
            [.. e.Topics.Select(slug => topicNames.GetValueOrDefault(slug, slug))],
            e.HasPlace ? e.Venue?.Name ?? e.Venue?.Address ?? "" : "",
            EventWindowNames.Of(e.RegistrationAt(now)));
    }

    private static object View(
        HttpRequest request, IReadOnlyList<Topic> topics, string language, IReadOnlyList<Event> upcoming, IReadOnlyList<Event> past, DateTimeOffset now,
        IReadOnlyDictionary<string, string[]> errors)
    {
        var chosen = FilterFields.ToDictionary(field => field, field => request.Query[field] is { Count: 1 } values ? values[0]?.Trim() ?? "" : "", StringComparer.Ordinal);
        var names = topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);
        return new
        {
            Topics = topics.Select(t => new Choice(t.Slug, t.Name, t.Slug == chosen["topic"])).ToList(),
            Chosen = new Filters(chosen["topic"], chosen["from"], chosen["to"]),
            Errors = new FilterErrors(errors.ContainsKey("topic"), errors.ContainsKey("from"), errors.ContainsKey("to")),
            HasErrors = errors.Count > 0,
            Filtered = chosen.Values.Any(value => value.Length > 0),
            Upcoming = upcoming.Select(e => Card(e, names, language, now)).ToList(),
            Past = past.Select(e => Card(e, names, language, now)).ToList(),
        };
    }

    private sealed record Filters(string Topic, string From, string To);

    private sealed record FilterErrors(bool Topic, bool From, bool To);

    private sealed record Choice(string Value, string Label, bool Selected);
}

/// <summary>What an event's card shows (<c>events.&lt;language&gt;.html.liquid</c>).</summary>
public sealed record EventCard(
    string Url, string Title, string When, string Zone, string StartsAt, string Format, string Status, string[] Topics, string Place, string Registration);
