using CoP.Shared.Email;
using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;

namespace CoP.Shared.Events.Calendar;

/// <summary>
/// Composes the change notices from what is true when they are prepared: a member erased meanwhile gets nothing, nor
/// does one who gave up their place; the invitation attached is the event as it stands (a later change's SEQUENCE
/// supersedes this one's in any calendar). Categories and custom args carry ids only.
/// </summary>
public sealed class EventNoticeMailer(EmailComposer composer, MemberStore members, EventStore events, EventRegistrationService registrations, EventCalendars calendars, EventLinks links)
{
    /// <summary>The updated invitation, while the member holds a place at the (still scheduled) event.</summary>
    public async Task<EmailMessage?> ChangedAsync(QueuedEventNotice notice, CancellationToken cancellationToken)
    {
        if (await ReadAsync(notice, cancellationToken) is not (var member, var e, var status)
            || e.Status == EventStatus.Cancelled || status is not AttendeeStatus.Registered)
        {
            return null;
        }

        var message = Compose(EmailTemplate.EventChanged, EventNotices.Changed, member, e);
        return calendars.WithInvitation(message, e, member.Language, InvitationMethod.Request);
    }

    /// <summary>The cancellation; with <c>METHOD:CANCEL</c> for a member who held a place (one waiting has nothing to take out).</summary>
    public async Task<EmailMessage?> CancelledAsync(QueuedEventNotice notice, CancellationToken cancellationToken)
    {
        if (await ReadAsync(notice, cancellationToken) is not (var member, var e, var status) || status is AttendeeStatus.None)
        {
            return null;
        }

        var message = Compose(EmailTemplate.EventCancelled, EventNotices.Cancelled, member, e);
        return status is AttendeeStatus.Registered ? calendars.WithInvitation(message, e, member.Language, InvitationMethod.Cancel) : message;
    }

    private async Task<(MemberEntity Member, Event Event, AttendeeStatus Status)?> ReadAsync(QueuedEventNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var member = await members.GetAsync(notice.MemberId, cancellationToken);
        var stored = await events.GetAsync(notice.EventId, cancellationToken);
        return member is null || stored?.Event is not { IsPublic: true } e
            ? null
            : (member, e, await registrations.StatusAsync(e.EventId, member.MemberId, cancellationToken));
    }

    private EmailMessage Compose(EmailTemplate template, string category, MemberEntity member, Event e) =>
        composer.Compose(template, member.Language, new
        {
            e.TextIn(member.Language).Title,
            When = EventMailer.When(e, member.Language),
            EventUrl = links.Page(e.EventId).AbsoluteUri,
            Place = e.HasPlace && e.Venue is { } venue ? string.Join(", ", new[] { venue.Name, venue.Address }.Where(p => !string.IsNullOrWhiteSpace(p))) : "",
        }).To(member.Email, category, new Dictionary<string, string> { ["memberId"] = member.MemberId, ["eventId"] = e.EventId });
}

/// <summary>A queued "the event changed" mail, with the updated invitation.</summary>
public sealed class EventChangedMailPreparer(EventNoticeMailer mailer) : IMailPreparer
{
    public string Kind => EventNotices.Changed;

    public Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return mailer.ChangedAsync(request.PayloadAs<QueuedEventNotice>(), cancellationToken);
    }
}

/// <summary>A queued "the event is cancelled" mail, with the cancellation for those who held a place.</summary>
public sealed class EventCancelledMailPreparer(EventNoticeMailer mailer) : IMailPreparer
{
    public string Kind => EventNotices.Cancelled;

    public Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return mailer.CancelledAsync(request.PayloadAs<QueuedEventNotice>(), cancellationToken);
    }
}
