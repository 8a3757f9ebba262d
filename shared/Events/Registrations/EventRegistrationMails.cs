using CoP.Shared.Email.Queue;

namespace CoP.Shared.Events.Registrations;

/// <summary>A registration mail as it waits in the mail queue: ids only (the member and the event are read when it is prepared).</summary>
public sealed record QueuedEventMail(string EventId, string MemberId);

/// <summary>Queues the mails of registrations: a place, a place on the waiting list, a place freed for someone waiting.</summary>
public sealed class EventRegistrationMails(QueuedMail queue)
{
    /// <summary>"You are registered", with the online link; also said to a member who moved up at once.</summary>
    public const string Registered = "event-registered";

    /// <summary>"The event is full; you are number N on the waiting list".</summary>
    public const string Waitlisted = "event-waitlisted";

    /// <summary>"A place was freed: you are registered now", with the online link.</summary>
    public const string Promoted = "event-promoted";

    public Task EnqueueAsync(string kind, string eventId, string memberId, CancellationToken cancellationToken = default) =>
        queue.EnqueueAsync(kind, new QueuedEventMail(eventId, memberId), cancellationToken);
}
