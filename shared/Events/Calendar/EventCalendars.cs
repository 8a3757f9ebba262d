using CoP.Shared.Email;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Calendar;

/// <summary>
/// The community's events as iCalendar text (RFC 5545, through Ical.Net): one event's <c>.ics</c>, a feed of several,
/// and the invitations mailed to registered people (RFC 5546 <c>METHOD:REQUEST</c> and <c>METHOD:CANCEL</c>, from the
/// community's sender address to the member). Each zone an event uses comes with its VTIMEZONE. Drafts are never
/// written: callers pass public events only. Thread-safe: register as a singleton.
/// </summary>
public sealed class EventCalendars(EventLinks links, IOptions<EmailOptions> email)
{
    /// <summary>The media type of every calendar answer.</summary>
    public const string MediaType = "text/calendar; charset=utf-8";

    private const string ProductId = "-//CoP.Functions//Community events//EN";

    /// <summary>One event's public <c>.ics</c> (no online link), to open or import.</summary>
    public string ForEvent(Event e, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Serialize(New("PUBLISH", name: null), [e], CalendarView.Public, language, attendee: null);
    }

    /// <summary>
    /// A feed to subscribe to, named <paramref name="name"/>. <paramref name="view"/> says whether it may carry the
    /// online links: <see cref="CalendarView.Attendee"/> only for a member's own events.
    /// </summary>
    public string Feed(IEnumerable<Event> events, string name, CalendarView view, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var calendar = New("PUBLISH", name);
        calendar.AddProperty("X-PUBLISHED-TTL", "PT1H");
        return Serialize(calendar, [.. events], view, language, attendee: null);
    }

    /// <summary>
    /// The invitation mailed to <paramref name="attendeeAddress"/>: <see cref="InvitationMethod.Request"/> adds or
    /// updates the event in their calendar (with the online link), <see cref="InvitationMethod.Cancel"/> takes it out.
    /// Same UID as every other calendar of the event; the event's SEQUENCE orders them.
    /// </summary>
    public string Invitation(Event e, string attendeeAddress, InvitationMethod method, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!EmailMessageRules.IsValidAddress(attendeeAddress))
        {
            throw new ArgumentException("The attendee is not a valid email address.", nameof(attendeeAddress));
        }

        var cancel = method == InvitationMethod.Cancel;
        return Serialize(New(cancel ? "CANCEL" : "REQUEST", name: null), [e], CalendarView.Attendee, language, attendeeAddress, cancel);
    }

    /// <summary>The invitation as a mail attachment, with the content type calendar apps act on.</summary>
    public EmailAttachment InvitationAttachment(Event e, string attendeeAddress, InvitationMethod method, string? language = null)
    {
        var ics = Invitation(e, attendeeAddress, method, language);
        var name = method == InvitationMethod.Cancel ? "CANCEL" : "REQUEST";
        return EmailAttachment.Text(method == InvitationMethod.Cancel ? "cancel.ics" : "invite.ics", $"text/calendar; method={name}; charset=UTF-8", ics);
    }

    /// <summary><paramref name="message"/> with the invitation to its recipient attached.</summary>
    public EmailMessage WithInvitation(EmailMessage message, Event e, string? language, InvitationMethod method = InvitationMethod.Request)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Attachments = [.. message.Attachments, InvitationAttachment(e, message.To.Address, method, language)] };
    }

    private static Ical.Net.Calendar New(string method, string? name)
    {
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Method = method };
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }

        return calendar;
    }

    private string Serialize(Ical.Net.Calendar calendar, IReadOnlyList<Event> events, CalendarView view, string? language, string? attendee, bool cancel = false)
    {
        // One VTIMEZONE per zone, covering the earliest event in it (a feed holds a few dozen events at most).
        foreach (var zone in events.GroupBy(CalendarEventWriter.ZoneOf).Where(g => g.Key != CalendarEventWriter.Utc).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var earliest = zone.Min(e => e.StartsAt).UtcDateTime.AddDays(-1);
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Key, earliest, includeHistoricalData: false));
        }

        foreach (var e in events)
        {
            var item = CalendarEventWriter.Write(e, links, view, language);
            if (attendee is not null)
            {
                AddParticipants(item, attendee, cancel);
            }

            calendar.Events.Add(item);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private void AddParticipants(CalendarEvent item, string attendee, bool cancel)
    {
        var options = email.Value;
        item.Organizer = new Organizer($"mailto:{options.FromAddress}") { CommonName = string.IsNullOrWhiteSpace(options.FromName) ? null : options.FromName };
        item.Attendees.Add(new Attendee($"mailto:{attendee}")
        {
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "ACCEPTED",
            Rsvp = false,
        });
        if (cancel)
        {
            item.Status = "CANCELLED";
        }
    }
}
