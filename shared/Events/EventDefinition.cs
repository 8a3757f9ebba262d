using System.Globalization;

namespace CoP.Shared.Events;

/// <summary>
/// An event as an operator sends it to create or replace one: every field an operator sets (materials, the report and
/// the attendance have routes of their own). Times are RFC 3339 strings with an offset ("2026-12-01T17:00:00+01:00"),
/// so that a time without one is refused rather than read in the server's zone. <see cref="EventRules.Validate"/> turns
/// it into an <see cref="Event"/>.
/// </summary>
public sealed record EventDefinition
{
    /// <summary>Title and description per language ("en", "fr", "es"); at least one.</summary>
    public Dictionary<string, EventTextDefinition?>? Texts { get; init; }

    /// <summary>Slugs of active topics.</summary>
    public List<string?>? Topics { get; init; }

    /// <summary>online, in-person or hybrid.</summary>
    public string? Format { get; init; }

    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }

    /// <summary>The organiser's IANA time zone ("Europe/Paris"), in which pages and calendars show the times.</summary>
    public string? TimeZone { get; init; }

    public EventVenueDefinition? Venue { get; init; }
    public string? OnlineUrl { get; init; }

    /// <summary>The languages spoken at the event; those of <see cref="Texts"/> when absent.</summary>
    public List<string?>? Languages { get; init; }

    /// <summary>Seats; null or absent for no limit.</summary>
    public int? Capacity { get; init; }

    public bool? Waitlist { get; init; }
    public string? RegistrationOpensAt { get; init; }
    public string? RegistrationClosesAt { get; init; }
    public List<AgendaItemDefinition?>? Agenda { get; init; }

    /// <summary>draft (when absent) or published; an update may also say completed once the event has ended.</summary>
    public string? Status { get; init; }

    /// <summary>The definition that gives back <paramref name="e"/>: what an edit form starts from.</summary>
    public static EventDefinition Of(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventDefinition
        {
            Texts = e.Texts.ToDictionary(t => t.Key, t => (EventTextDefinition?)new EventTextDefinition { Title = t.Value.Title, Description = t.Value.Description }, StringComparer.Ordinal),
            Topics = [.. e.Topics],
            Format = EventNames.Of(e.Format),
            StartsAt = Moment(e.StartsAt),
            EndsAt = Moment(e.EndsAt),
            TimeZone = e.TimeZone,
            Venue = e.Venue is { } venue
                ? new EventVenueDefinition
                {
                    Name = venue.Name,
                    Address = venue.Address,
                    Point = venue.Point is { } point ? new GeoPointDefinition { Latitude = point.Latitude, Longitude = point.Longitude } : null,
                }
                : null,
            OnlineUrl = e.OnlineUrl?.AbsoluteUri,
            Languages = [.. e.Languages],
            Capacity = e.Capacity,
            Waitlist = e.Waitlist,
            RegistrationOpensAt = e.RegistrationOpensAt is { } opens ? Moment(opens) : null,
            RegistrationClosesAt = e.RegistrationClosesAt is { } closes ? Moment(closes) : null,
            Agenda = [.. e.Agenda.Select(item => (AgendaItemDefinition?)new AgendaItemDefinition
            {
                StartsAt = Moment(item.StartsAt),
                EndsAt = item.EndsAt is { } ends ? Moment(ends) : null,
                Title = item.Title,
                Speakers = [.. item.Speakers.Select(s => (EventSpeakerDefinition?)new EventSpeakerDefinition { Name = s.Name, MemberId = s.MemberId })],
            })],
            Status = EventNames.Of(e.Status),
        };
    }

    /// <summary>A time as RFC 3339 in UTC, the way definitions carry it.</summary>
    public static string Moment(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
}

public sealed class EventTextDefinition
{
    public string? Title { get; init; }
    public string? Description { get; init; }
}

public sealed class EventVenueDefinition
{
    public string? Name { get; init; }
    public string? Address { get; init; }
    public GeoPointDefinition? Point { get; init; }
}

public sealed class GeoPointDefinition
{
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

public sealed class AgendaItemDefinition
{
    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }
    public string? Title { get; init; }
    public List<EventSpeakerDefinition?>? Speakers { get; init; }
}

/// <summary>A speaker: a name always; a member id when the speaker is a member.</summary>
public sealed class EventSpeakerDefinition
{
    public string? Name { get; init; }
    public string? MemberId { get; init; }
}

/// <summary>What an operator records after an event has started: how many came, and a short report.</summary>
public sealed class EventAttendanceDefinition
{
    public int? Attended { get; init; }
    public string? Report { get; init; }
}

/// <summary>Materials to add to an event.</summary>
public sealed class EventMaterialsDefinition
{
    public List<EventMaterialDefinition?>? Materials { get; init; }
}

/// <summary>One material: slides, recording, minutes or other; a published catalog document or an https link, not both.</summary>
public sealed class EventMaterialDefinition
{
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? DocumentId { get; init; }
    public string? Link { get; init; }
}
