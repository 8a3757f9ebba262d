using CoP.Shared.Email;
using CoP.Shared.Email.Queue;

namespace CoP.Shared.Events.Registrations;

/// <summary>A queued "registered" mail: sent while the member still holds the place (not after a cancellation).</summary>
public sealed class EventRegisteredMailPreparer(EventMailer mailer) : IMailPreparer
{
    public string Kind => EventRegistrationMails.Registered;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await mailer.ReadAsync(request.PayloadAs<QueuedEventMail>(), cancellationToken) is { Status: AttendeeStatus.Registered } subject
            ? mailer.Registered(subject, promoted: false)
            : null;
    }
}

/// <summary>A queued "a place was freed for you" mail: sent while the member still holds the place.</summary>
public sealed class EventPromotedMailPreparer(EventMailer mailer) : IMailPreparer
{
    public string Kind => EventRegistrationMails.Promoted;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await mailer.ReadAsync(request.PayloadAs<QueuedEventMail>(), cancellationToken) is { Status: AttendeeStatus.Registered } subject
            ? mailer.Registered(subject, promoted: true)
            : null;
    }
}

/// <summary>
/// A queued "you are on the waiting list" mail, with the place the member has when it is prepared; nothing when they
/// moved up meanwhile (the promoted mail says so) or cancelled.
/// </summary>
public sealed class EventWaitlistedMailPreparer(EventMailer mailer) : IMailPreparer
{
    public string Kind => EventRegistrationMails.Waitlisted;

    public async Task<EmailMessage?> PrepareAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await mailer.ReadAsync(request.PayloadAs<QueuedEventMail>(), cancellationToken) is { Status: AttendeeStatus.Waitlisted { Position: var position } } subject
            ? mailer.Waitlisted(subject, position)
            : null;
    }
}
