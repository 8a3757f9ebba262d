namespace CoP.Shared.Events;

/// <summary>Where an event happens: on line, in a room, or both.</summary>
public enum EventFormat
{
    Online,
    InPerson,
    Hybrid,
}

/// <summary>
/// An event's stage. Drafts are seen by operators only; published events take registrations; a cancelled event keeps
/// its page (saying so) and its registrations; a completed one has taken place and collects materials and a report.
/// </summary>
public enum EventStatus
{
    Draft,
    Published,
    Cancelled,
    Completed,
}

/// <summary>Whether registration is possible at a moment: the event's times and status decide, no job flips it.</summary>
public enum RegistrationWindow
{
    NotOpenYet,
    Open,
    Closed,
}

/// <summary>What kind of material an event left behind.</summary>
public enum MaterialKind
{
    Slides,
    Recording,
    Minutes,
    Other,
}

/// <summary>An event's title and description in one language.</summary>
public sealed record EventText(string Title, string? Description);

/// <summary>A point on the map (WGS 84 degrees).</summary>
public sealed record GeoPoint(double Latitude, double Longitude);

/// <summary>Where an in-person or hybrid event takes place: a name, the postal address, and optionally its point.</summary>
public sealed record EventVenue(string? Name, string Address, GeoPoint? Point);

/// <summary>Who speaks: a named guest, or a member (whose id is kept so that an erase can unlink them); the name is what shows.</summary>
public sealed record EventSpeaker(string Name, string? MemberId);

/// <summary>One item of the agenda, with its times (UTC) and speakers.</summary>
public sealed record AgendaItem(DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Title, IReadOnlyList<EventSpeaker> Speakers);

/// <summary>What an event left behind: a catalog document (<see cref="DocumentId"/>) or a link (<see cref="Link"/>).</summary>
public sealed record EventMaterial(string MaterialId, MaterialKind Kind, string Title, string? DocumentId, Uri? Link, DateTimeOffset AddedAt);

/// <summary>
/// One event of the community. Times are UTC; <see cref="TimeZone"/> is the organiser's IANA zone, in which pages and
/// calendars show them. <see cref="OnlineUrl"/> is shown to registered people only. <see cref="Capacity"/> null means
/// no limit. <see cref="Sequence"/> is the iCalendar SEQUENCE: raised on every change of time or place and on
/// cancellation, so that calendars replace what they hold.
/// </summary>
public sealed record Event(
    string EventId,
    IReadOnlyDictionary<string, EventText> Texts,
    IReadOnlyList<string> Topics,
    EventFormat Format,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string TimeZone,
    EventVenue? Venue,
    Uri? OnlineUrl,
    IReadOnlyList<string> Languages,
    int? Capacity,
    bool Waitlist,
    DateTimeOffset? RegistrationOpensAt,
    DateTimeOffset? RegistrationClosesAt,
    IReadOnlyList<AgendaItem> Agenda,
    EventStatus Status,
    IReadOnlyList<EventMaterial> Materials,
    string? Report,
    int? Attended,
    int Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The language every event has a text in when it has only one: the first of <see cref="Texts"/> otherwise.</summary>
    public const string DefaultLanguage = "en";

    /// <summary>The text in <paramref name="language"/>, else in English, else the first one given.</summary>
    public EventText TextIn(string? language) =>
        language is not null && Texts.TryGetValue(language, out var text) ? text
        : Texts.TryGetValue(DefaultLanguage, out var english) ? english
        : Texts.Values.First();

    /// <summary>Registration closes at the given time, or when the event starts.</summary>
    public DateTimeOffset EffectiveRegistrationClosesAt => RegistrationClosesAt ?? StartsAt;

    /// <summary>Only a published event takes registrations, between its opening and closing times.</summary>
    public RegistrationWindow RegistrationAt(DateTimeOffset now) =>
        Status != EventStatus.Published || now >= EffectiveRegistrationClosesAt ? RegistrationWindow.Closed
        : RegistrationOpensAt is { } opens && now < opens ? RegistrationWindow.NotOpenYet
        : RegistrationWindow.Open;

    /// <summary>Whether members see it (published, cancelled and completed events; never drafts).</summary>
    public bool IsPublic => Status != EventStatus.Draft;

    public bool HasPlace => Format != EventFormat.Online;

    public bool IsOnline => Format != EventFormat.InPerson;
}

/// <summary>The wire names of formats, statuses and material kinds, shared by requests, responses and storage.</summary>
public static class EventNames
{
    public static string Of(EventFormat format) => format switch
    {
        EventFormat.Online => "online",
        EventFormat.InPerson => "in-person",
        _ => "hybrid",
    };

    public static string Of(EventStatus status) => status switch
    {
        EventStatus.Draft => "draft",
        EventStatus.Published => "published",
        EventStatus.Cancelled => "cancelled",
        _ => "completed",
    };

    public static string Of(MaterialKind kind) => kind switch
    {
        MaterialKind.Slides => "slides",
        MaterialKind.Recording => "recording",
        MaterialKind.Minutes => "minutes",
        _ => "other",
    };

    public static bool TryParse(string? value, out EventFormat format) => TryParse(value, Of, out format);

    public static bool TryParse(string? value, out EventStatus status) => TryParse(value, Of, out status);

    public static bool TryParse(string? value, out MaterialKind kind) => TryParse(value, Of, out kind);

    private static bool TryParse<T>(string? value, Func<T, string> name, out T parsed)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), value, StringComparison.Ordinal))
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = default;
        return false;
    }
}
