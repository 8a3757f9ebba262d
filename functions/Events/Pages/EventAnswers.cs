using System.Globalization;
using CoP.Shared.Events;

namespace CoP.Functions.Events.Pages;

/// <summary>The JSON answers of the event routes, and the addresses they and the pages share.</summary>
public static class EventAnswers
{
    /// <summary>The event's listing card as JSON.</summary>
    public static EventSummaryResponse Summary(Event e, string language, Uri publicBase, DateTimeOffset now) => new(
        e.EventId,
        PageUrl(publicBase, e.EventId),
        language,
        e.TextIn(language).Title,
        e.Topics,
        EventNames.Of(e.Format),
        EventNames.Of(e.Status),
        e.StartsAt,
        e.EndsAt,
        e.TimeZone,
        EventTimes.Local(e, e.StartsAt),
        EventTimes.Local(e, e.EndsAt),
        e.HasPlace ? e.Venue?.Name ?? e.Venue?.Address : null,
        EventWindowNames.Of(e.RegistrationAt(now)));

    /// <summary>
    /// The whole event as JSON; <paramref name="attendee"/> is the token's member's registration, if a token was sent,
    /// and only a registered member gets the online link.
    /// </summary>
    public static EventResponse Full(Event e, string language, Uri publicBase, DateTimeOffset now, int? seatsLeft, EventAttendeeResponse? attendee)
    {
        var text = e.TextIn(language);
        return new EventResponse(
            e.EventId,
            PageUrl(publicBase, e.EventId),
            language,
            text.Title,
            text.Description,
            e.Texts,
            e.Topics,
            EventNames.Of(e.Format),
            EventNames.Of(e.Status),
            e.StartsAt,
            e.EndsAt,
            e.TimeZone,
            EventTimes.Local(e, e.StartsAt),
            EventTimes.Local(e, e.EndsAt),
            e.HasPlace && e.Venue is { } venue ? new EventVenueResponse(venue.Name, venue.Address, venue.Point, MapUrl(venue.Point)) : null,
            attendee?.Status == "registered" && e.IsOnline && e.Status == EventStatus.Published ? e.OnlineUrl : null,
            e.Languages,
            e.Capacity,
            seatsLeft,
            e.Waitlist,
            new EventRegistrationWindowResponse(e.RegistrationOpensAt, e.EffectiveRegistrationClosesAt, EventWindowNames.Of(e.RegistrationAt(now))),
            [.. e.Agenda.OrderBy(item => item.StartsAt).Select(item => new EventAgendaItemResponse(item.StartsAt, item.EndsAt, item.Title, [.. item.Speakers.Select(s => s.Name)]))],
            [.. e.Materials.Select(m => new EventMaterialResponse(m.MaterialId, EventNames.Of(m.Kind), m.Title, MaterialUrl(publicBase, m), m.AddedAt))],
            e.Report,
            e.Attended,
            attendee);
    }

    /// <summary>The event page's public address: <c>{base}/api/events/{eventId}</c>.</summary>
    public static Uri PageUrl(Uri publicBase, string eventId) => new($"{publicBase.ToString().TrimEnd('/')}/api/events/{eventId}");

    /// <summary>The point on OpenStreetMap's map, with a marker.</summary>
    public static Uri? MapUrl(GeoPoint? point)
    {
        if (point is null)
        {
            return null;
        }

        var (lat, lon) = (point.Latitude.ToString("0.######", CultureInfo.InvariantCulture), point.Longitude.ToString("0.######", CultureInfo.InvariantCulture));
        return new Uri($"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}");
    }

    /// <summary>A catalog document's page, or the material's own link when it is a web address (nothing else is linked).</summary>
    public static Uri? MaterialUrl(Uri publicBase, EventMaterial material) =>
        material.DocumentId is { } documentId ? new Uri($"{publicBase.ToString().TrimEnd('/')}/api/documents/{Uri.EscapeDataString(documentId)}")
        : material.Link is { IsAbsoluteUri: true, Scheme: "https" or "http" } link ? link
        : null;

    /// <summary>Seats left: null without a limit, never below zero.</summary>
    public static int? SeatsLeft(Event e, int registered) => e.Capacity is { } capacity ? Math.Max(0, capacity - registered) : null;
}
