using System.Globalization;
using CoP.Shared.Validation;
using NodaTime;

namespace CoP.Functions.Console.Events;

/// <summary>
/// Event times as the console shows and takes them: wall-clock times in the organiser's IANA zone (NodaTime's tzdb, the
/// database Ical.Net writes its VTIMEZONE from), as a <c>datetime-local</c> field holds them. Events store UTC.
/// </summary>
public static class OrganiserTime
{
    private static readonly string[] FieldFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    /// <summary>The zone of an IANA id (<c>Europe/Paris</c>), or null when tzdb knows no such zone.</summary>
    public static DateTimeZone? Zone(string? id) => string.IsNullOrEmpty(id) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(id);

    /// <summary>A time for its <c>datetime-local</c> field: the wall-clock time in <paramref name="zoneId"/> (UTC for an unknown zone).</summary>
    public static string Field(DateTimeOffset at, string zoneId) =>
        Wall(at, zoneId).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A time for reading, in the organiser's zone and the page's language (<c>12 Mar 2027, 18:00</c>).</summary>
    public static string Show(DateTimeOffset at, string zoneId, string language) =>
        Wall(at, zoneId).ToString("d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo(language));

    /// <summary>
    /// The UTC time of a wall-clock time posted in <paramref name="field"/>, in <paramref name="zone"/>; null for an empty
    /// field. A time that is no date, or that the zone skips (clocks going forward), is an error of the field; a time that
    /// happens twice (clocks going back) is the earlier one. Without a zone (its own field's error) nothing is converted.
    /// </summary>
    public static DateTimeOffset? Read(string field, string text, DateTimeZone? zone, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, FieldFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            errors.Add(field, "Enter a date and time, e.g. 2027-03-12T18:00.");
            return null;
        }

        if (zone is null)
        {
            return null;
        }

        var mapping = zone.MapLocal(LocalDateTime.FromDateTime(wall));
        if (mapping.Count == 0)
        {
            errors.Add(field, "This time does not exist in the time zone (the clocks go forward then). Choose another.");
            return null;
        }

        return mapping.First().ToDateTimeOffset().ToUniversalTime();
    }

    private static DateTime Wall(DateTimeOffset at, string zoneId) =>
        Zone(zoneId) is { } zone ? Instant.FromDateTimeOffset(at).InZone(zone).LocalDateTime.ToDateTimeUnspecified() : at.UtcDateTime;
}
