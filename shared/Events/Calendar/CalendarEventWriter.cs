using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;

namespace CoP.Shared.Events.Calendar;

/// <summary>
/// One <see cref="Event"/> as an iCalendar VEVENT (RFC 5545): UID <c>{eventId}@{host}</c>, DTSTAMP and LAST-MODIFIED
/// the event's last change (so that the same event always gives the same bytes, which keeps ETags and retried mails
/// stable), times with the organiser's TZID (or in UTC when the zone is UTC or unknown), the page in URL and in the
/// description, the venue in LOCATION (and GEO), SEQUENCE from the event, STATUS CANCELLED when it is.
/// </summary>
internal static class CalendarEventWriter
{
    public const string Utc = "UTC";

    /// <summary>The IANA zone the event's times are written in, or <see cref="Utc"/>.</summary>
    public static string ZoneOf(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.TimeZone is not ("UTC" or "Etc/UTC" or "Etc/GMT" or "GMT") && DateTimeZoneProviders.Tzdb.GetZoneOrNull(e.TimeZone) is not null
            ? e.TimeZone
            : Utc;
    }

    public static CalendarEvent Write(Event e, EventLinks links, CalendarView view, string? language)
    {
        var text = e.TextIn(language);
        var page = links.Page(e.EventId);
        var zone = ZoneOf(e);
        var item = new CalendarEvent
        {
            Uid = $"{e.EventId}@{links.Host}",
            DtStamp = UtcTime(e.UpdatedAt),
            Created = UtcTime(e.CreatedAt),
            LastModified = UtcTime(e.UpdatedAt),
            DtStart = Time(e.StartsAt, zone),
            DtEnd = Time(e.EndsAt, zone),
            Summary = text.Title,
            Description = Description(text.Description, page, view == CalendarView.Attendee ? e.OnlineUrl : null),
            Url = page,
            Sequence = e.Sequence,
            Status = e.Status == EventStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
            Transparency = "OPAQUE",
            Location = Location(e, view),
        };
        if (e.HasPlace && e.Venue?.Point is { } point)
        {
            item.GeographicLocation = new GeographicLocation(point.Latitude, point.Longitude);
        }

        foreach (var topic in e.Topics)
        {
            item.Categories.Add(topic);
        }

        return item;
    }

    /// <summary>An instant as a UTC DATE-TIME (<c>…Z</c>), to the second.</summary>
    public static CalDateTime UtcTime(DateTimeOffset instant) => new(Seconds(instant.UtcDateTime), Utc, hasTime: true);

    private static CalDateTime Time(DateTimeOffset instant, string zone)
    {
        if (zone == Utc)
        {
            return UtcTime(instant);
        }

        var local = Instant.FromDateTimeOffset(instant).InZone(DateTimeZoneProviders.Tzdb[zone]).LocalDateTime.ToDateTimeUnspecified();
        return new CalDateTime(Seconds(local), zone, hasTime: true);
    }

    private static DateTime Seconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), time.Kind);

    private static string Description(string? description, Uri page, Uri? online)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(description))
        {
            text.Append(description.Trim()).Append("\n\n");
        }

        if (online is not null)
        {
            text.Append(online.AbsoluteUri).Append("\n\n");
        }

        return text.Append(page.AbsoluteUri).ToString();
    }

    private static string? Location(Event e, CalendarView view)
    {
        if (e.HasPlace && e.Venue is { } venue)
        {
            return string.IsNullOrWhiteSpace(venue.Name) ? venue.Address : $"{venue.Name}, {venue.Address}";
        }

        return view == CalendarView.Attendee ? e.OnlineUrl?.AbsoluteUri : null;
    }
}
