using System.Globalization;

namespace CoP.Shared.Events.Calendar;

/// <summary>An event's add-to-calendar buttons: Google Calendar, Outlook.com, Microsoft 365, and the <c>.ics</c> for everything else.</summary>
public sealed record EventCalendarLinks(Uri Google, Uri Outlook, Uri Office, Uri Ics);

/// <summary>
/// The links behind "add to calendar" buttons, for people whom feed addresses confuse: each opens the calendar's own
/// new-event form, filled in. They are public (pages, the newsletter): the event's page, never its online link, which
/// registered people find in their invitation.
/// </summary>
public sealed class AddToCalendarLinks(EventLinks links)
{
    // Long descriptions are cut: the links must stay well under what browsers and mail clients keep of an address.
    private const int MaxDetailsLength = 500;

    public EventCalendarLinks For(Event e, string? language)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = e.TextIn(language);
        var page = links.Page(e.EventId).AbsoluteUri;
        var details = Details(text.Description, page);
        var location = e.HasPlace && e.Venue is { } venue ? (string.IsNullOrWhiteSpace(venue.Name) ? venue.Address : $"{venue.Name}, {venue.Address}") : page;

        var google = Query("https://calendar.google.com/calendar/render",
            ("action", "TEMPLATE"),
            ("text", text.Title),
            ("dates", $"{Compact(e.StartsAt)}/{Compact(e.EndsAt)}"),
            ("ctz", CalendarEventWriter.ZoneOf(e)),
            ("details", details),
            ("location", location));
        return new EventCalendarLinks(google, Outlook("https://outlook.live.com", e, text.Title, details, location), Outlook("https://outlook.office.com", e, text.Title, details, location), links.Calendar(e.EventId));
    }

    // Outlook's compose deeplink, the same on Outlook.com and Microsoft 365; times in UTC (ISO 8601).
    private static Uri Outlook(string host, Event e, string title, string details, string location) => Query($"{host}/calendar/0/action/compose",
        ("path", "/calendar/action/compose"),
        ("rru", "addevent"),
        ("subject", title),
        ("startdt", Iso(e.StartsAt)),
        ("enddt", Iso(e.EndsAt)),
        ("body", details),
        ("location", location));

    private static string Details(string? description, string page)
    {
        var text = description?.Trim() ?? "";
        if (text.Length > MaxDetailsLength)
        {
            text = text[..MaxDetailsLength].TrimEnd() + "…";
        }

        return text.Length == 0 ? page : $"{text}\n\n{page}";
    }

    private static string Compact(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Uri Query(string address, params (string Name, string Value)[] parameters) =>
        new($"{address}?{string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"))}");
}
