using CoP.Shared.Events;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// An event as scripts see it (<c>GET /api/events/{eventId}</c>): the title and description in the language asked for
/// (<c>language</c>) and every text given (<c>texts</c>); times in UTC and in the organiser's zone
/// (<c>localStartsAt</c>, with its offset); the registration window's state at the time of the answer;
/// <c>seatsLeft</c> null when there is no limit. <c>onlineUrl</c> is there only for a registered member's token, and
/// <c>attendee</c> only when a token was sent.
/// </summary>
public sealed record EventResponse(
    string EventId,
    Uri Url,
    string Language,
    string Title,
    string? Description,
    IReadOnlyDictionary<string, EventText> Texts,
    IReadOnlyList<string> Topics,
    string Format,
    string Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    DateTimeOffset LocalStartsAt,
    DateTimeOffset LocalEndsAt,
    EventVenueResponse? Venue,
    Uri? OnlineUrl,
    IReadOnlyList<string> Languages,
    int? Capacity,
    int? SeatsLeft,
    bool Waitlist,
    EventRegistrationWindowResponse Registration,
    IReadOnlyList<EventAgendaItemResponse> Agenda,
    IReadOnlyList<EventMaterialResponse> Materials,
    string? Report,
    int? Attended,
    EventAttendeeResponse? Attendee);

/// <summary>An event in the listing: what its card shows.</summary>
public sealed record EventSummaryResponse(
    string EventId,
    Uri Url,
    string Language,
    string Title,
    IReadOnlyList<string> Topics,
    string Format,
    string Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    DateTimeOffset LocalStartsAt,
    DateTimeOffset LocalEndsAt,
    string? Place,
    string RegistrationState);

public sealed record EventListResponse(IReadOnlyList<EventSummaryResponse> Events);

/// <summary>The venue, and a map of its point at OpenStreetMap.</summary>
public sealed record EventVenueResponse(string? Name, string Address, GeoPoint? Point, Uri? MapUrl);

/// <summary><c>state</c>: <c>not-open-yet</c>, <c>open</c> or <c>closed</c> at the time of the answer.</summary>
public sealed record EventRegistrationWindowResponse(DateTimeOffset? OpensAt, DateTimeOffset ClosesAt, string State);

/// <summary>An agenda item: its times (UTC), title, and the names of its speakers.</summary>
public sealed record EventAgendaItemResponse(DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Title, IReadOnlyList<string> Speakers);

/// <summary>A material: a catalog document's page, or a link.</summary>
public sealed record EventMaterialResponse(string MaterialId, string Kind, string Title, Uri? Url, DateTimeOffset AddedAt);

/// <summary>The token's member: <c>status</c> <c>none</c>, <c>registered</c> or <c>waitlisted</c> (with <c>position</c>, 1 first).</summary>
public sealed record EventAttendeeResponse(string Status, int? Position);

/// <summary>The wire names of the registration window's states.</summary>
public static class EventWindowNames
{
    public static string Of(RegistrationWindow window) => window switch
    {
        RegistrationWindow.NotOpenYet => "not-open-yet",
        RegistrationWindow.Open => "open",
        _ => "closed",
    };
}
