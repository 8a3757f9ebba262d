using System.Globalization;
using CoP.Shared.Email.Queue;
using CoP.Shared.Events.Registrations;

namespace CoP.Shared.Events.Calendar;

/// <summary>A change notice as it waits in the mail queue: ids and the event's SEQUENCE it tells of (the rest is read when it is prepared).</summary>
public sealed record QueuedEventNotice(string EventId, string MemberId, int Sequence);

/// <summary>
/// Tells registered people that their event changed: after a change of time or place, everyone who holds a place gets
/// the updated invitation (<c>METHOD:REQUEST</c>, same UID, higher SEQUENCE); after a cancellation, everyone who holds
/// a place or waits for one is told, and those who held one get <c>METHOD:CANCEL</c>. One mail per person and change,
/// through the mail queue: its id follows from the event, its SEQUENCE and the member, so that a retried change queues
/// the same mails again and the delivery ledger sends them once. Called by the event service after the change is stored.
/// </summary>
public sealed class EventNotices(EventRegistrationService registrations, QueuedMail queue)
{
    /// <summary>"The event changed": the updated invitation.</summary>
    public const string Changed = "event-changed";

    /// <summary>"The event is cancelled": the cancellation, for those who held a place.</summary>
    public const string Cancelled = "event-cancelled";

    /// <summary>Queues the updated invitation for every person who holds a place; returns how many mails were queued.</summary>
    public async Task<int> ScheduleChangedAsync(Event e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var registered = (await registrations.ListAsync(e.EventId, cancellationToken)).Where(r => r.Status is AttendeeStatus.Registered).ToList();
        return await EnqueueAsync(Changed, e, registered, cancellationToken);
    }

    /// <summary>Queues the cancellation for every person who holds a place or waits for one; returns how many mails were queued.</summary>
    public async Task<int> CancelledAsync(Event e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var concerned = (await registrations.ListAsync(e.EventId, cancellationToken)).Where(r => r.Status is not AttendeeStatus.None).ToList();
        return await EnqueueAsync(Cancelled, e, concerned, cancellationToken);
    }

    private async Task<int> EnqueueAsync(string kind, Event e, List<EventRegistration> people, CancellationToken cancellationToken)
    {
        foreach (var person in people)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{e.EventId}/{e.Sequence}/{person.MemberId}");
            await queue.EnqueueOnceAsync(kind, key, new QueuedEventNotice(e.EventId, person.MemberId, e.Sequence), cancellationToken);
        }

        return people.Count;
    }
}
