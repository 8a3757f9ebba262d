using System.Collections.Frozen;
using System.Globalization;
using CoP.Shared.Templates;

namespace CoP.Shared.Events.Reminders;

/// <summary>
/// An event's times as mails and the newsletter show them: in the organiser's zone (<see cref="Event.TimeZone"/>), in
/// the reader's language, with the zone's name beside them so that nobody takes them for their own.
/// </summary>
public static class EventTimes
{
    private static readonly FrozenDictionary<string, (CultureInfo Culture, string Date, string DateAndTime)> Formats =
        new Dictionary<string, (CultureInfo, string, string)>(StringComparer.Ordinal)
        {
            ["en"] = (CultureInfo.GetCultureInfo("en-GB"), "dddd d MMMM yyyy", "dddd d MMMM yyyy, HH:mm"),
            ["fr"] = (CultureInfo.GetCultureInfo("fr-FR"), "dddd d MMMM yyyy", "dddd d MMMM yyyy 'à' HH:mm"),
            ["es"] = (CultureInfo.GetCultureInfo("es-ES"), "dddd d 'de' MMMM 'de' yyyy", "dddd d 'de' MMMM 'de' yyyy, HH:mm"),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The event's start, date and time, in its zone: "Tuesday 1 December 2026, 14:00 (Europe/Paris)".</summary>
    public static string Start(Event e, string? language)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Format(e.StartsAt, e.TimeZone, language, withTime: true);
    }

    /// <summary><paramref name="moment"/>, date and time, in <paramref name="timeZone"/> (an IANA id), followed by the zone's id.</summary>
    public static string DateAndTime(DateTimeOffset moment, string timeZone, string? language) => Format(moment, timeZone, language, withTime: true);

    /// <summary>The day of <paramref name="moment"/> in <paramref name="timeZone"/>: "Tuesday 1 December 2026".</summary>
    public static string Date(DateTimeOffset moment, string timeZone, string? language) => Format(moment, timeZone, language, withTime: false);

    private static string Format(DateTimeOffset moment, string timeZone, string? language, bool withTime)
    {
        var (culture, date, dateAndTime) = Formats[TemplateLanguages.Resolve(language)];

        // Zones come from validated events; a zone this machine does not know is shown in UTC rather than wrongly.
        var (local, zone) = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var found)
            ? (TimeZoneInfo.ConvertTime(moment, found), timeZone)
            : (moment.ToUniversalTime(), "UTC");
        var text = local.ToString(withTime ? dateAndTime : date, culture);
        return withTime ? $"{text} ({zone})" : text;
    }
}
