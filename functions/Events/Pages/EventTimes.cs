using System.Globalization;
using CoP.Shared.Events;

namespace CoP.Functions.Events.Pages;

/// <summary>When an event happens, as its pages write it: in the organiser's zone, named, and in UTC.</summary>
public sealed record EventWhen(string Date, string Local, string Zone, string Utc, string StartsAt, string EndsAt);

/// <summary>
/// An event's times in words, in the language of the page: the organiser's IANA zone (with its offset at the start)
/// and UTC, a range on one line when the event starts and ends the same day.
/// </summary>
public static class EventTimes
{
    private static readonly Dictionary<string, (CultureInfo Culture, string Day)> Formats = new(StringComparer.Ordinal)
    {
        ["en"] = (CultureInfo.InvariantCulture, "dddd d MMMM yyyy"),
        ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "dddd d MMMM yyyy"),
        ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "dddd d 'de' MMMM 'de' yyyy"),
    };

    /// <summary>The organiser's zone; UTC for a zone this system does not know (rows hold validated zones).</summary>
    public static TimeZoneInfo Zone(Event e) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(e.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>A moment in the organiser's zone, with its offset there.</summary>
    public static DateTimeOffset Local(Event e, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone(e));

    public static EventWhen For(Event e, string language)
    {
        var (start, end) = (Local(e, e.StartsAt), Local(e, e.EndsAt));
        return new EventWhen(
            Day(start, language),
            Range(start, end, language),
            $"{e.TimeZone}, UTC{Offset(start.Offset)}",
            Range(e.StartsAt.ToUniversalTime(), e.EndsAt.ToUniversalTime(), language) + " UTC",
            start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            end.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    /// <summary>A day and time in the organiser's zone, e.g. "Tuesday 8 December 2026, 14:00".</summary>
    public static string Moment(Event e, DateTimeOffset at, string language)
    {
        var local = Local(e, at);
        return $"{Day(local, language)}, {Time(local)}";
    }

    /// <summary>An agenda item's times in the organiser's zone; with its day when not the event's first day.</summary>
    public static string Item(Event e, AgendaItem item, string language)
    {
        var (start, first) = (Local(e, item.StartsAt), Local(e, e.StartsAt));
        var end = item.EndsAt is { } ends ? Local(e, ends) : (DateTimeOffset?)null;
        var times = end is { } until ? $"{Time(start)}–{Time(until)}" : Time(start);
        return start.Date == first.Date ? times : $"{Day(start, language)}, {times}";
    }

    /// <summary>A day as the pages of <paramref name="language"/> write it.</summary>
    public static string Day(DateTimeOffset at, string language)
    {
        var (culture, pattern) = Formats.GetValueOrDefault(language, Formats["en"]);
        return at.ToString(pattern, culture);
    }

    private static string Range(DateTimeOffset start, DateTimeOffset end, string language) =>
        start.Date == end.Date
            ? $"{Day(start, language)}, {Time(start)}–{Time(end)}"
            : $"{Day(start, language)}, {Time(start)} – {Day(end, language)}, {Time(end)}";

    private static string Time(DateTimeOffset at) => at.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "−" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
