using System.Diagnostics;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Validation;
using NodaTime;

namespace CoP.Shared.Events;

/// <summary>
/// What an event definition may be. Free text follows the one text policy (<see cref="PlainText"/>); every list and text
/// is bounded so that a row stays far below Table Storage's limits (and a last check measures the stored row itself).
/// </summary>
public static partial class EventRules
{
    public const int MaxTitleLength = 150;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTopics = 5;
    public const int MaxLanguages = 5;
    public const int MaxCapacity = 10_000;
    public const int MaxAgendaItems = 30;
    public const int MaxSpeakers = 6;
    public const int MaxSpeakerNameLength = 100;
    public const int MaxVenueNameLength = 150;
    public const int MaxAddressLength = 300;
    public const int MaxUrlLength = 500;
    public const int MaxTimeZoneLength = 64;

    /// <summary>The longest JSON a column of the row may hold, in UTF-16 characters: half of the 64 KiB Table Storage allows.</summary>
    public const int MaxStoredLength = 16_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(14);

    /// <summary>How far ahead an event may start.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(2 * 366);

    /// <summary>Leeway for a registration opening "now" by a client whose clock is a little behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Checks <paramref name="definition"/> against the active <paramref name="topics"/> at <paramref name="now"/>: the
    /// event, or the errors by field. <paramref name="current"/> is the stored event an update replaces (its id, creation
    /// time, materials, report and attendance are kept; its status decides which statuses may follow), null to create.
    /// </summary>
    public static Validated<Event> Validate(EventDefinition definition, IReadOnlySet<string> topics, DateTimeOffset now, Event? current = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(topics);
        var errors = new FieldErrors();
        var createdAt = current?.CreatedAt ?? now;
        var texts = Texts(definition.Texts, errors);
        var topicSlugs = Topics(definition.Topics, topics, errors);
        var languages = Languages(definition.Languages, texts, errors);
        if (!EventNames.TryParse(definition.Format, out EventFormat format))
        {
            errors.Add("format", "The format is one of: online, in-person, hybrid.");
        }

        var venue = Venue(definition.Venue, format, errors);
        var onlineUrl = OnlineUrl(definition.OnlineUrl, format, errors);
        var timeZone = TimeZone(definition.TimeZone, errors);
        var (startsAt, endsAt) = Times(definition, now, current, errors);
        var (opensAt, closesAt) = Registration(definition, createdAt, startsAt, errors);
        var agenda = startsAt is { } start && endsAt is { } end ? Agenda(definition.Agenda, start, end, errors) : null;
        var status = Status(definition.Status, current, endsAt, now, errors);
        if (definition.Capacity is < 1 or > MaxCapacity)
        {
            errors.Add("capacity", $"The capacity is between 1 and {MaxCapacity} seats, or absent for no limit.");
        }

        if (errors.Any)
        {
            return errors.Result<Event>(() => throw new UnreachableException());
        }

        var e = new Event(
            current?.EventId ?? EventStore.NewEventId(), Found(texts), Found(topicSlugs), format, Found(startsAt), Found(endsAt), Found(timeZone),
            venue, onlineUrl, Found(languages), definition.Capacity, definition.Waitlist ?? false, opensAt, closesAt, Found(agenda), status,
            current?.Materials ?? [], current?.Report, current?.Attended, current?.Sequence ?? 0, createdAt, now);
        CheckStoredSize(e, errors);
        return errors.Result(() => e);
    }

    /// <summary>Whether a change from <paramref name="before"/> to <paramref name="after"/> moves the event in time or place.</summary>
    public static bool ChangesSchedule(Event before, Event after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.StartsAt != after.StartsAt || before.EndsAt != after.EndsAt || before.TimeZone != after.TimeZone
            || before.Format != after.Format || before.Venue != after.Venue || before.OnlineUrl != after.OnlineUrl;
    }

    /// <summary>Whether <paramref name="timeZone"/> is an IANA zone id of the time zone database that the calendars use.</summary>
    public static bool IsKnownTimeZone(string? timeZone) =>
        timeZone is { Length: > 0 and <= MaxTimeZoneLength } && DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not null;

    /// <summary>An absolute https address, without user name or password, of a sane length.</summary>
    public static bool IsHttpsLink(string? value, out Uri? link)
    {
        link = null;
        if (value is not { Length: > 0 and <= MaxUrlLength } || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0 || uri.Host.Length == 0 || value.Any(char.IsControl) || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        link = uri;
        return true;
    }

    /// <summary>A required part that passed every rule: a rule that let it be missing is a bug.</summary>
    private static T Found<T>(T? value)
        where T : class => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    private static T Found<T>(T? value)
        where T : struct => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    private static Dictionary<string, EventText>? Texts(Dictionary<string, EventTextDefinition?>? definitions, FieldErrors errors)
    {
        if (definitions is not { Count: > 0 })
        {
            errors.Add("texts", "At least one language's title is required: texts.en.title, texts.fr.title or texts.es.title.");
            return null;
        }

        var texts = new Dictionary<string, EventText>(StringComparer.Ordinal);
        foreach (var (language, definition) in definitions)
        {
            if (!TemplateLanguages.All.Contains(language, StringComparer.Ordinal))
            {
                errors.Add("texts", $"Texts are given in {string.Join(", ", TemplateLanguages.All)}.");
                continue;
            }

            var field = $"texts.{language}";
            var title = errors.Text(definition?.Title, new TextField(field + ".title", MaxTitleLength, Required: true, Label: "title"));
            var description = errors.Text(definition?.Description, new TextField(field + ".description", MaxDescriptionLength, Multiline: true, Label: "description"));
            if (title is not null)
            {
                texts[language] = new EventText(title, description);
            }
        }

        return texts.Count == definitions.Count ? texts : null;
    }

    private static List<string>? Topics(List<string?>? slugs, IReadOnlySet<string> active, FieldErrors errors)
    {
        if (slugs is not { Count: > 0 and <= MaxTopics })
        {
            errors.Add("topics", $"An event has 1 to {MaxTopics} topics.");
            return null;
        }

        if (slugs.Any(s => s is null || !active.Contains(s)))
        {
            errors.Add("topics", "Every topic must be the slug of an active topic (GET /api/topics).");
            return null;
        }

        return [.. slugs.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    private static List<string>? Languages(List<string?>? languages, Dictionary<string, EventText>? texts, FieldErrors errors)
    {
        if (languages is null)
        {
            return texts is null ? null : [.. texts.Keys.Order(StringComparer.Ordinal)];
        }

        if (languages.Count is < 1 or > MaxLanguages || languages.Any(l => l is null || !MemberRules.Languages.Contains(l)))
        {
            errors.Add("languages", $"The languages spoken are 1 to {MaxLanguages} of: {string.Join(", ", MemberRules.Languages)}.");
            return null;
        }

        return [.. languages.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    private static EventVenue? Venue(EventVenueDefinition? definition, EventFormat format, FieldErrors errors)
    {
        if (format == EventFormat.Online)
        {
            errors.AddIf("venue", definition is null ? null : "An online event has no venue; make it hybrid to give one.");
            return null;
        }

        if (definition is null)
        {
            errors.Add("venue", "An in-person or hybrid event needs a venue with an address.");
            return null;
        }

        var name = errors.Text(definition.Name, new TextField("venue.name", MaxVenueNameLength, Label: "venue name"));
        var address = errors.Text(definition.Address, new TextField("venue.address", MaxAddressLength, Required: true, Multiline: true, Label: "address"));
        GeoPoint? point = null;
        if (definition.Point is { } p)
        {
            if (p is not { Latitude: >= -90 and <= 90, Longitude: >= -180 and <= 180 })
            {
                errors.Add("venue.point", "The point has a latitude between -90 and 90 and a longitude between -180 and 180 (WGS 84 degrees).");
            }
            else
            {
                point = new GeoPoint(p.Latitude.Value, p.Longitude.Value);
            }
        }

        return address is null ? null : new EventVenue(name, address, point);
    }

    private static Uri? OnlineUrl(string? value, EventFormat format, FieldErrors errors)
    {
        if (format == EventFormat.InPerson)
        {
            errors.AddIf("onlineUrl", value is null ? null : "An in-person event has no online link; make it hybrid to give one.");
            return null;
        }

        if (!IsHttpsLink(value, out var link))
        {
            errors.Add("onlineUrl", $"An online or hybrid event needs its link: an https address of at most {MaxUrlLength} characters.");
        }

        return link;
    }

    private static string? TimeZone(string? value, FieldErrors errors)
    {
        if (!IsKnownTimeZone(value))
        {
            errors.Add("timeZone", "The time zone is an IANA time zone id, such as Europe/Paris or America/Bogota.");
            return null;
        }

        return value;
    }

    private static EventStatus Status(string? value, Event? current, DateTimeOffset? endsAt, DateTimeOffset now, FieldErrors errors)
    {
        if (value is null && current is null)
        {
            return EventStatus.Draft;
        }

        if (!EventNames.TryParse(value, out EventStatus status))
        {
            errors.Add("status", "The status is one of: draft, published, completed.");
            return default;
        }

        var message = (current?.Status, status) switch
        {
            (_, EventStatus.Cancelled) => "An event is cancelled with POST manage/events/{eventId}/cancel.",
            (null, EventStatus.Completed) => "A new event is a draft or published.",
            (EventStatus.Published or EventStatus.Completed, EventStatus.Draft) => "A published event does not go back to draft; cancel it instead.",
            (EventStatus.Completed, EventStatus.Published) => "A completed event stays completed.",
            (EventStatus.Draft, EventStatus.Completed) => "Publish the event first; it is completed once it has ended.",
            (_, EventStatus.Completed) when endsAt is { } end && end > now => "An event is completed only after it has ended.",
            _ => null,
        };
        errors.AddIf("status", message);
        return status;
    }

    /// <summary>Each JSON column of the row must fit, whatever the escaping of the characters in it made of the text.</summary>
    private static void CheckStoredSize(Event e, FieldErrors errors)
    {
        var row = EventEntity.From(e);
        var columns = new (string Field, string? Json)[] { ("texts", row.Texts), ("agenda", row.Agenda), ("venue", row.Venue) };
        foreach (var (field, json) in columns)
        {
            errors.AddIf(field, json is { Length: > MaxStoredLength } ? "This part of the event is too long to be stored; shorten it." : null);
        }
    }
}
