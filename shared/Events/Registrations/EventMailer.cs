using System.Globalization;
using CoP.Shared.Email;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Registrations;

/// <summary>The member, the event and where the member stands, read when a registration mail is prepared.</summary>
public sealed record EventMailSubject(MemberEntity Member, Event Event, AttendeeStatus Status);

/// <summary>
/// Composes the registration mails. What they say is read when the mail is prepared, not when it was queued: a member
/// erased meanwhile gets nothing, nor does one who cancelled; a place on the waiting list is the current one. The
/// online link is in the mails of a held place only. Categories and custom args carry ids only.
/// </summary>
public sealed class EventMailer(EmailComposer composer, MemberStore members, EventStore events, EventAttendees attendees, IOptions<MembershipOptions> membership)
{
    /// <summary>The member, the event and their status; null when either is gone or the event is a draft.</summary>
    public async Task<EventMailSubject?> ReadAsync(QueuedEventMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var member = await members.GetAsync(mail.MemberId, cancellationToken);
        var stored = await events.GetAsync(mail.EventId, cancellationToken);
        // A cancelled or completed event sends no "registered" or "waiting" mail any more (its notices say what happened).
        if (member is null || stored?.Event is not { Status: EventStatus.Published } e)
        {
            return null;
        }

        return new EventMailSubject(member, e, await attendees.StatusAsync(e.EventId, member.MemberId, cancellationToken));
    }

    /// <summary>"You are registered" (<paramref name="promoted"/>: "a place was freed for you").</summary>
    public EmailMessage Registered(EventMailSubject subject, bool promoted)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var (member, e, _) = subject;
        var (template, category) = promoted ? (EmailTemplate.EventPromoted, EventRegistrationMails.Promoted) : (EmailTemplate.EventRegistered, EventRegistrationMails.Registered);
        var online = e.IsOnline && e.OnlineUrl is { Scheme: "https" or "http" } url ? url.AbsoluteUri : "";
        return composer.Compose(template, member.Language, new
        {
            e.TextIn(member.Language).Title,
            When = When(e, member.Language),
            EventUrl = EventUrl(e.EventId),
            OnlineUrl = online,
            Place = e.HasPlace && e.Venue is { } venue ? string.Join(", ", new[] { venue.Name, venue.Address }.Where(p => !string.IsNullOrWhiteSpace(p))) : "",
        }).To(member.Email, category, Ids(subject));
    }

    /// <summary>"The event is full; you are number N on the waiting list".</summary>
    public EmailMessage Waitlisted(EventMailSubject subject, int position)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var (member, e, _) = subject;
        return composer.Compose(EmailTemplate.EventWaitlisted, member.Language, new
        {
            e.TextIn(member.Language).Title,
            When = When(e, member.Language),
            EventUrl = EventUrl(e.EventId),
            Position = position,
        }).To(member.Email, EventRegistrationMails.Waitlisted, Ids(subject));
    }

    /// <summary>The event's public page.</summary>
    public string EventUrl(string eventId) => $"{membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/')}/api/events/{eventId}";

    /// <summary>The event's times in the organiser's zone, in the member's language: "Tuesday 3 March 2026, 14:00–16:00 (Europe/Paris)".</summary>
    public static string When(Event e, string? language)
    {
        ArgumentNullException.ThrowIfNull(e);
        var culture = CultureInfo.GetCultureInfo(TemplateLanguages.Resolve(language));
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(e.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var starts = TimeZoneInfo.ConvertTime(e.StartsAt, zone);
        var ends = TimeZoneInfo.ConvertTime(e.EndsAt, zone);
        var day = culture.TextInfo.ToTitleCase(starts.ToString("dddd", culture)) + starts.ToString(" d MMMM yyyy", culture);
        var until = ends.Date == starts.Date ? ends.ToString("HH:mm", culture) : ends.ToString("d MMMM yyyy HH:mm", culture);
        return $"{day}, {starts.ToString("HH:mm", culture)}–{until} ({(zone == TimeZoneInfo.Utc ? "UTC" : e.TimeZone)})";
    }

    private static Dictionary<string, string> Ids(EventMailSubject subject) =>
        new() { ["memberId"] = subject.Member.MemberId, ["eventId"] = subject.Event.EventId };
}
