using CoP.Shared.Console;
using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Events.Reminders;

/// <summary>A registered person's reminder as it waits in the mail queue: ids only, no address.</summary>
public sealed record QueuedEventReminder(string EventId, string OffsetKey, string MemberId);

/// <summary>An operator's after-event mail as it waits in the mail queue: the event and the operator's hashed id, no address.</summary>
public sealed record QueuedEventFollowUp(string EventId, string OperatorId);

/// <summary>The mail kinds of reminders, their ids (derived, so that a mail queued twice goes out once) and their links.</summary>
public sealed class EventReminderMails(IOptions<MembershipOptions> membership)
{
    public const string ReminderKind = "event-reminder";

    public const string FollowUpKind = "event-follow-up";

    /// <summary>The key of one offset: its length in whole minutes (<c>2880m</c> for 48 hours), stable across restarts.</summary>
    public static string OffsetKey(TimeSpan offset) => $"{(long)offset.TotalMinutes}m";

    public static string ReminderKey(QueuedEventReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return $"{reminder.EventId}|{reminder.OffsetKey}|{reminder.MemberId}";
    }

    public static string FollowUpKey(QueuedEventFollowUp followUp)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        return $"{followUp.EventId}|{followUp.OperatorId}";
    }

    /// <summary>The event's public page: <c>{PublicApiBaseUrl}/api/events/{eventId}</c>.</summary>
    public string EventUrl(string eventId) => $"{BaseUrl}/api/events/{eventId}";

    /// <summary>The console's events, where operators add materials, the report and the attendance.</summary>
    public string ConsoleUrl => $"{BaseUrl}/api/console/events";

    private string BaseUrl => membership.Value.PublicApiBaseUrl!.ToString().TrimEnd('/');
}

/// <summary>
/// A queued reminder becomes the registered person's mail, or nothing: when the event is no longer published or has
/// started, when the member is gone or unconfirmed, or when they are no longer registered (a cancellation after the
/// mail was queued). The online link is read from the event now, so a changed link reaches everyone.
/// </summary>
public sealed class EventReminderMailPreparer(
    EventStore events, MemberStore members, EventRegistrationService registrations, EventReminderMails mails, EmailComposer composer, TimeProvider time) : IMailPreparer
{
    public string Kind => EventReminderMails.ReminderKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reminder = request.PayloadAs<QueuedEventReminder>();
        var stored = await events.GetAsync(reminder.EventId, cancellationToken);
        if (stored?.Event is not { Status: EventStatus.Published } e || e.StartsAt <= time.GetUtcNow())
        {
            return null;
        }

        var member = await members.GetAsync(reminder.MemberId, cancellationToken);
        if (member is not { MemberStatus: MemberStatus.Confirmed } || await registrations.StatusAsync(e.EventId, member.MemberId, cancellationToken) is not AttendeeStatus.Registered)
        {
            return null;
        }

        var onlineUrl = e.IsOnline && e.OnlineUrl is { Scheme: "https" or "http" } online ? online.AbsoluteUri : "";
        var place = e.HasPlace && e.Venue is { } venue ? string.Join(", ", new[] { venue.Name, venue.Address }.Where(part => !string.IsNullOrWhiteSpace(part))) : "";
        return composer.Compose(EmailTemplate.EventReminder, member.Language, new
        {
            e.TextIn(member.Language).Title,
            When = EventTimes.Start(e, member.Language),
            EventUrl = mails.EventUrl(e.EventId),
            Place = place,
            OnlineUrl = onlineUrl,
        }).To(member.Email, EventReminderMails.ReminderKind, new Dictionary<string, string>
        {
            ["memberId"] = member.MemberId,
            ["eventId"] = e.EventId,
            ["offset"] = reminder.OffsetKey,
        });
    }
}

/// <summary>
/// A queued after-event mail becomes one operator's mail. The console keeps operators as keyed hashes only, so the
/// address is found now, in the setting as it stands (<c>Console__Operators</c>): an operator removed from it since
/// gets nothing. In the community's default language: operators' languages are not known.
/// </summary>
public sealed class EventFollowUpMailPreparer(
    EventStore events, OperatorDirectory operators, IOptions<ConsoleOptions> console, EventReminderMails mails, EmailComposer composer) : IMailPreparer
{
    public string Kind => EventReminderMails.FollowUpKind;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var followUp = request.PayloadAs<QueuedEventFollowUp>();
        var address = OperatorDirectory.Split(console.Value.Operators).FirstOrDefault(a => operators.Find(a)?.Id == followUp.OperatorId);
        if (address is null || await events.GetAsync(followUp.EventId, cancellationToken) is not { Event: { Status: not (EventStatus.Draft or EventStatus.Cancelled) } e })
        {
            return null;
        }

        return composer.Compose(EmailTemplate.EventFollowUp, EmailComposer.DefaultLanguage, new
        {
            e.TextIn(EmailComposer.DefaultLanguage).Title,
            When = EventTimes.Start(e, EmailComposer.DefaultLanguage),
            EventUrl = mails.EventUrl(e.EventId),
            mails.ConsoleUrl,
        }).To(address, EventReminderMails.FollowUpKind, new Dictionary<string, string> { ["operator"] = followUp.OperatorId, ["eventId"] = e.EventId });
    }
}
