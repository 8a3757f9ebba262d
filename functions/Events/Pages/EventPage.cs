using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Events.Pages;

/// <summary>Who reads an event page: a visitor, a browser whose link or session grants nothing, or a member's session.</summary>
public abstract record EventReader
{
    private EventReader()
    {
    }

    /// <summary>No personal link and no session: the page says how to get one.</summary>
    public sealed record Visitor : EventReader;

    /// <summary>A link or session that is expired, revoked, of another purpose, or of a member who is gone.</summary>
    public sealed record LinkExpired : EventReader;

    /// <summary>A member's session that may register, and where they stand; forms rendered for it carry <paramref name="FormToken"/>.</summary>
    public sealed record Member(MemberEntity Entity, string FormToken, AttendeeStatus Status) : EventReader;
}

/// <summary>What the event page says at its top: what a form just did (after its redirect), or why it was refused.</summary>
public enum EventPageOutcome
{
    None,
    Registered,
    Waitlisted,
    Cancelled,
    Full,
    NotOpenYet,
    Closed,
    NotRegistered,
}

/// <summary>
/// The event page (<c>event.&lt;language&gt;.html.liquid</c>): the event in the reader's language, its times in the
/// organiser's zone and in UTC, the venue with its map, the agenda, and after it the materials, the report and the
/// attendance; for a member's session, the registration and its forms.
/// </summary>
public static class EventPage
{
    /// <summary>The registration forms hold the anti-forgery field alone.</summary>
    public const int MaxFormBytes = 2 * 1024;

    /// <summary>The registration forms post here (<c>RegisterForEventFromPage</c>, <c>CancelEventRegistrationFromPage</c>).</summary>
    public static string RegisterPath(string eventId) => $"{PageLinks.Base}/events/{eventId}/register";

    public static string CancelPath(string eventId) => $"{PageLinks.Base}/events/{eventId}/cancel-registration";

    /// <summary>The page's own path, with the outcome a form's redirect carries (<c>?registered=1</c> and so on).</summary>
    public static string Path(string eventId, EventPageOutcome outcome = EventPageOutcome.None) => $"{PageLinks.Base}/events/{eventId}" + outcome switch
    {
        EventPageOutcome.Registered => "?registered=1",
        EventPageOutcome.Waitlisted => "?waitlisted=1",
        EventPageOutcome.Cancelled => "?cancelled=1",
        _ => "",
    };

    /// <summary>The outcome a form's redirect carries in the query.</summary>
    public static EventPageOutcome Done(HttpRequest request) =>
        request.Query.ContainsKey("registered") ? EventPageOutcome.Registered
        : request.Query.ContainsKey("waitlisted") ? EventPageOutcome.Waitlisted
        : request.Query.ContainsKey("cancelled") ? EventPageOutcome.Cancelled
        : EventPageOutcome.None;

    /// <summary>The page for <paramref name="reader"/>, with the seats left (null: no limit).</summary>
    public static IResult Show(
        int status, Event e, IReadOnlyList<Topic> topics, EventReader reader, int? seatsLeft, DateTimeOffset now, EventPageOutcome outcome, Calendars calendars) =>
        HtmlPages.Page(
            status,
            "event",
            language => View(e, topics, reader, seatsLeft, now, outcome, language, calendars),
            memberLanguage: reader is EventReader.Member { Entity: var member } ? member.Language : null);

    /// <summary>The page for an id that names no public event.</summary>
    public static IResult NotFound() => HtmlPages.Page(StatusCodes.Status404NotFound, "no-such-event");

    /// <summary>The add-to-calendar links in a language, and the reader's personal feed when they have a place.</summary>
    public sealed record Calendars(Func<string, EventCalendarLinks> Links, Uri? PersonalFeed);

    private static object View(
        Event e, IReadOnlyList<Topic> topics, EventReader reader, int? seatsLeft, DateTimeOffset now, EventPageOutcome outcome, string language,
        Calendars calendars)
    {
        var calendar = calendars.Links(language);
        var attendee = reader is EventReader.Member { Status: var status } ? status : new AttendeeStatus.None();
        var text = e.TextIn(language);
        var names = topics.ToDictionary(t => t.Slug, t => t.Name, StringComparer.Ordinal);
        var window = e.RegistrationAt(now);
        return new
        {
            e.EventId,
            text.Title,
            Paragraphs = Paragraphs(text.Description),
            Status = EventNames.Of(e.Status),
            Format = EventNames.Of(e.Format),
            When = EventTimes.For(e, language),
            Ended = e.EndsAt <= now,
            Topics = e.Topics.Select(slug => names.GetValueOrDefault(slug, slug)).ToArray(),
            Venue = e.HasPlace && e.Venue is { } venue
                ? new VenueView(venue.Name ?? "", venue.Address, EventAnswers.MapUrl(venue.Point)?.AbsoluteUri ?? "")
                : null,
            Languages = e.Languages.Select(LanguageName).ToArray(),
            Capacity = e.Capacity ?? 0,
            SeatsLeft = seatsLeft ?? -1,
            e.Waitlist,
            Window = EventWindowNames.Of(window),
            OpensOn = e.RegistrationOpensAt is { } opens ? EventTimes.Moment(e, opens, language) : "",
            ClosesOn = EventTimes.Moment(e, e.EffectiveRegistrationClosesAt, language),
            Agenda = e.Agenda.OrderBy(item => item.StartsAt).Select(item => new AgendaView(
                EventTimes.Item(e, item, language),
                EventTimes.Local(e, item.StartsAt).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                item.Title,
                string.Join(", ", item.Speakers.Select(s => s.Name)))).ToArray(),
            Materials = e.Materials.Select(m => new MaterialView(EventNames.Of(m.Kind), m.Title, MaterialHref(m))).Where(m => m.Href != "").ToArray(),
            Report = Paragraphs(e.Report),
            Attended = e.Attended ?? -1,
            Full = seatsLeft == 0,
            Reader = reader switch
            {
                EventReader.Member => "member",
                EventReader.LinkExpired => "expired",
                _ => "visitor",
            },
            Attendee = attendee.Name,
            Position = attendee.WaitlistPosition ?? 0,
            Outcome = Said(outcome, attendee),
            OnlineUrl = attendee is AttendeeStatus.Registered && e.IsOnline && e.Status == EventStatus.Published ? e.OnlineUrl?.AbsoluteUri ?? "" : "",
            FormToken = reader is EventReader.Member { FormToken: var formToken } ? formToken : "",
            Register = RegisterPath(e.EventId),
            Cancel = CancelPath(e.EventId),
            ShowCalendar = e.Status != EventStatus.Cancelled && e.EndsAt > now,
            AddToCalendar = new { Google = calendar.Google.AbsoluteUri, Outlook = calendar.Outlook.AbsoluteUri, Office = calendar.Office.AbsoluteUri, Ics = calendar.Ics.AbsoluteUri },
            MyFeed = calendars.PersonalFeed?.AbsoluteUri ?? "",
            Back = $"{PageLinks.Base}/events",
            Here = $"{PageLinks.Base}/events/{e.EventId}",
        };
    }

    // A redirect's outcome is said only while it is still true (a reload after a cancellation elsewhere says nothing).
    private static string Said(EventPageOutcome outcome, AttendeeStatus attendee) => (outcome, attendee) switch
    {
        (EventPageOutcome.Registered, AttendeeStatus.Registered) => "registered",
        (EventPageOutcome.Waitlisted, AttendeeStatus.Waitlisted) => "waitlisted",
        (EventPageOutcome.Cancelled, AttendeeStatus.None) => "cancelled",
        (EventPageOutcome.Full, _) => "full",
        (EventPageOutcome.NotOpenYet, _) => "not-open-yet",
        (EventPageOutcome.Closed, _) => "closed",
        (EventPageOutcome.NotRegistered, _) => "not-registered",
        _ => "",
    };

    // The app's own document pages by path; a link only when it is a web address.
    private static string MaterialHref(EventMaterial material) =>
        material.DocumentId is { } documentId ? $"{PageLinks.Base}/documents/{Uri.EscapeDataString(documentId)}"
        : material.Link is { IsAbsoluteUri: true, Scheme: "https" or "http" } link ? link.AbsoluteUri
        : "";

    // A language by its own name ("français"), or its code when the system does not know it.
    private static string LanguageName(string code)
    {
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            return culture.NativeName.Length > 0 ? char.ToUpper(culture.NativeName[0], culture) + culture.NativeName[1..] : code;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    // Free text keeps its line breaks as paragraphs.
    private static string[] Paragraphs(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record VenueView(string Name, string Address, string Map);

    private sealed record AgendaView(string Time, string StartsAt, string Title, string Speakers);

    private sealed record MaterialView(string Kind, string Title, string Href);
}
