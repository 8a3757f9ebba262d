using System.Collections.Frozen;
using CoP.Shared.Events;
using CoP.Shared.Events.Reminders;

namespace CoP.Shared.Newsletter.Composition;

/// <summary>
/// What the newsletter templates read about events, in one language: the upcoming events a reader sees (those on the
/// topics they follow; all of them for a reader who follows none, and in the archive) and the materials of past ones.
/// Times are the organiser's, with the zone named. Every link is a public page: the archive edition shows the same.
/// </summary>
internal static class NewsletterEventViews
{
    private static readonly FrozenDictionary<string, FrozenDictionary<string, string>> Labels = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal)
    {
        ["en"] = Words("Online", "In person", "Online and in person", "Slides", "Recording", "Minutes", "Material"),
        ["fr"] = Words("En ligne", "En présentiel", "En ligne et en présentiel", "Présentation", "Enregistrement", "Procès-verbal", "Document"),
        ["es"] = Words("En línea", "Presencial", "En línea y presencial", "Presentación", "Grabación", "Acta", "Material"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The indexes in <see cref="NewsletterContent.UpcomingEvents"/> of the events <paramref name="memberTopics"/> sees:
    /// those sharing a topic with them and those of no topic; every event when they follow none.
    /// </summary>
    public static List<int> Shown(NewsletterContent content, IReadOnlyList<string> memberTopics)
    {
        var followed = memberTopics.ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, content.UpcomingEvents.Count)
            .Where(i => followed.Count == 0 || content.UpcomingEvents[i].Topics.Count == 0 || content.UpcomingEvents[i].Topics.Any(followed.Contains))];
    }

    public static List<EventView> Upcoming(NewsletterContent content, IReadOnlyList<string> memberTopics, string language) =>
        [.. Shown(content, memberTopics).Select(i => content.UpcomingEvents[i]).Select(e => new EventView(
            Title(e.Titles, language),
            EventTimes.DateAndTime(e.StartsAt, e.TimeZone, language),
            Labels[language].GetValueOrDefault(e.Format, e.Format),
            e.Url))];

    public static List<MaterialsView> Materials(NewsletterContent content, string language) =>
        [.. content.EventMaterials.Select(e => new MaterialsView(
            Title(e.Titles, language),
            EventTimes.Date(e.StartsAt, e.TimeZone, language),
            e.Url,
            [.. e.Materials.Select(m => new MaterialView(m.Title, Labels[language].GetValueOrDefault(m.Kind, m.Kind), m.Url))]))];

    // As Event.TextIn: the reader's language, else English, else the first given.
    private static string Title(IReadOnlyDictionary<string, string> titles, string language) =>
        titles.TryGetValue(language, out var title) ? title
        : titles.TryGetValue(Event.DefaultLanguage, out var english) ? english
        : titles.Values.FirstOrDefault() ?? "";

    private static FrozenDictionary<string, string> Words(
        string online, string inPerson, string hybrid, string slides, string recording, string minutes, string other) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EventNames.Of(EventFormat.Online)] = online,
            [EventNames.Of(EventFormat.InPerson)] = inPerson,
            [EventNames.Of(EventFormat.Hybrid)] = hybrid,
            [EventNames.Of(MaterialKind.Slides)] = slides,
            [EventNames.Of(MaterialKind.Recording)] = recording,
            [EventNames.Of(MaterialKind.Minutes)] = minutes,
            [EventNames.Of(MaterialKind.Other)] = other,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    internal sealed record EventView(string Title, string When, string Format, string Url);

    internal sealed record MaterialsView(string Title, string Date, string Url, IReadOnlyList<MaterialView> Materials);

    internal sealed record MaterialView(string Title, string Kind, string Url);
}
