using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Events.Registrations;

/// <summary>
/// Registrations of members already known to be who they are (a token checked by <see cref="EventRegistrationService"/>,
/// an operator, an erase): the event's rules, the seats (<see cref="EventSeats"/>), the index and the mails. Holds no
/// reference to membership, so that membership's erase can call it.
/// </summary>
public sealed partial class EventAttendees(
    EventStore events,
    EventRegistrationStore store,
    EventSeats seats,
    EventRegistrationMails mails,
    TimeProvider time,
    ILogger<EventAttendees> logger)
{
    /// <summary>Registers the member for a published event whose registration is open: a seat, or a place on the waiting list.</summary>
    public async Task<RegistrationOutcome> RegisterAsync(string eventId, string memberId, CancellationToken cancellationToken = default)
    {
        if (await PublicEventAsync(eventId, cancellationToken) is not { } e)
        {
            return new RegistrationOutcome.EventNotFound();
        }

        var now = time.GetUtcNow();
        switch (e.RegistrationAt(now))
        {
            case RegistrationWindow.NotOpenYet:
                return new RegistrationOutcome.NotOpenYet(e.RegistrationOpensAt!.Value);
            case RegistrationWindow.Closed:
                return new RegistrationOutcome.Closed(ClosedBecause(e));
        }

        if (await store.GetAsync(e.EventId, memberId, cancellationToken) is { } existing)
        {
            return new RegistrationOutcome.AlreadyRegistered(await StatusOfAsync(existing, cancellationToken));
        }

        // Before the registration, so that every registration has its index row (an erase finds it).
        await store.IndexAsync(memberId, e.EventId, now, cancellationToken);
        switch (await ClaimAsync(e, memberId, cancellationToken))
        {
            case SeatClaim.Seated:
                // Again after the claim: a cancellation of the same member at the same moment may have removed it.
                await store.IndexAsync(memberId, e.EventId, now, cancellationToken);
                await mails.EnqueueAsync(EventRegistrationMails.Registered, e.EventId, memberId, cancellationToken);
                LogRegistered(logger, e.EventId);
                return new RegistrationOutcome.Registered();
            case SeatClaim.Queued { WaitKey: var waitKey }:
                await store.IndexAsync(memberId, e.EventId, now, cancellationToken);
                return await WaitOrMoveUpAsync(e, memberId, waitKey, cancellationToken);
            case SeatClaim.Held { Registration: var held }:
                return new RegistrationOutcome.AlreadyRegistered(await StatusOfAsync(held, cancellationToken));
            case SeatClaim.Full or SeatClaim.WaitersFirst:
                await UnindexIfUnregisteredAsync(e.EventId, memberId, cancellationToken);
                return new RegistrationOutcome.Full();
            default:
                throw new UnreachableException();
        }
    }

    // People who wait move up (and are told) before a newcomer takes a seat, also when the event keeps no list any more.
    private async Task<SeatClaim> ClaimAsync(Event e, string memberId, CancellationToken cancellationToken)
    {
        const int MaxRounds = 3;
        var claim = await seats.ClaimAsync(e, memberId, cancellationToken);
        for (var round = 0; round < MaxRounds && claim is SeatClaim.WaitersFirst; round++)
        {
            await PromoteAsync(e, skipMailOf: null, cancellationToken);
            claim = await seats.ClaimAsync(e, memberId, cancellationToken);
        }

        return claim;
    }

    // A seat may have been freed between the read and joining the list: the list moves up (this member too, perhaps).
    private async Task<RegistrationOutcome> WaitOrMoveUpAsync(Event e, string memberId, string waitKey, CancellationToken cancellationToken)
    {
        var promoted = await PromoteAsync(e, skipMailOf: memberId, cancellationToken);
        if (promoted.Contains(memberId))
        {
            await mails.EnqueueAsync(EventRegistrationMails.Registered, e.EventId, memberId, cancellationToken);
            LogRegistered(logger, e.EventId);
            return new RegistrationOutcome.Registered();
        }

        if (await store.GetAsync(e.EventId, memberId, cancellationToken) is { IsRegistered: true })
        {
            // Another registration's or cancellation's run moved this member up, and told them.
            return new RegistrationOutcome.Registered();
        }

        await mails.EnqueueAsync(EventRegistrationMails.Waitlisted, e.EventId, memberId, cancellationToken);
        LogWaitlisted(logger, e.EventId);
        return new RegistrationOutcome.Waitlisted(await store.CountAheadAsync(e.EventId, waitKey, cancellationToken) + 1);
    }

    /// <summary>Cancels the member's registration; a freed seat goes to the first person waiting, who is told.</summary>
    public async Task<CancellationOutcome> CancelAsync(string eventId, string memberId, CancellationToken cancellationToken = default)
    {
        if (await PublicEventAsync(eventId, cancellationToken) is not { } e)
        {
            return new CancellationOutcome.EventNotFound();
        }

        var released = await seats.ReleaseAsync(e.EventId, memberId, cancellationToken);
        await UnindexIfUnregisteredAsync(e.EventId, memberId, cancellationToken);
        if (released is null)
        {
            // Perhaps our own release, whose answer was lost and whose retry found nothing: a freed seat must not stay empty.
            await PromoteAsync(e, skipMailOf: null, cancellationToken);
            return new CancellationOutcome.NotRegistered();
        }

        LogCancelled(logger, e.EventId);
        if (released.IsRegistered)
        {
            await PromoteAsync(e, skipMailOf: null, cancellationToken);
        }

        return new CancellationOutcome.Cancelled();
    }

    /// <summary>
    /// Moves the waiting list up into free seats (after a cancellation, or a raised capacity), and tells each member
    /// moved up. Only before a published event starts: afterwards nobody is offered a place. The members moved up.
    /// </summary>
    public async Task<IReadOnlyList<string>> PromoteAsync(string eventId, CancellationToken cancellationToken = default) =>
        await PublicEventAsync(eventId, cancellationToken) is { } e ? await PromoteAsync(e, skipMailOf: null, cancellationToken) : [];

    private async Task<IReadOnlyList<string>> PromoteAsync(Event e, string? skipMailOf, CancellationToken cancellationToken)
    {
        if (e.Status != EventStatus.Published || time.GetUtcNow() >= e.StartsAt)
        {
            return [];
        }

        var promoted = await seats.PromoteAsync(e, cancellationToken);
        foreach (var memberId in promoted.Where(id => id != skipMailOf))
        {
            // Only the transaction that moved them up gets here: one mail per member moved up.
            await mails.EnqueueAsync(EventRegistrationMails.Promoted, e.EventId, memberId, cancellationToken);
            LogPromoted(logger, e.EventId);
        }

        return promoted;
    }

    public async Task<AttendeeStatus> StatusAsync(string eventId, string memberId, CancellationToken cancellationToken = default) =>
        EventStore.IsValidEventId(eventId) && await store.GetAsync(eventId, memberId, cancellationToken) is { } registration
            ? await StatusOfAsync(registration, cancellationToken)
            : new AttendeeStatus.None();

    /// <summary>The event's registrations: those holding a place by registration time, then the waiting list in order.</summary>
    public async Task<IReadOnlyList<EventRegistration>> ListAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (!EventStore.IsValidEventId(eventId))
        {
            return [];
        }

        var rows = await store.ListAsync(eventId, cancellationToken);
        var positions = rows.Where(r => r.RowKey.StartsWith(EventRegistrationEntity.WaitPrefix, StringComparison.Ordinal))
            .OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .Select((r, i) => (r.RowKey, Position: i + 1))
            .ToDictionary(p => p.RowKey, p => p.Position, StringComparer.Ordinal);
        return rows.Where(r => r.RowKey.StartsWith(EventRegistrationEntity.RegistrationPrefix, StringComparison.Ordinal))
            .Select(r => new EventRegistration(eventId, r.MemberId, r.IsRegistered ? new AttendeeStatus.Registered() : new AttendeeStatus.Waitlisted(positions.GetValueOrDefault(r.Place ?? "")), r.At, r.PromotedAt))
            .OrderBy(r => r.Status.WaitlistPosition ?? 0)
            .ThenBy(r => r.RegisteredAt)
            .ThenBy(r => r.MemberId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The member's registrations (registered or waiting), in event id order.</summary>
    public async Task<IReadOnlyList<EventRegistration>> ListForMemberAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var registrations = new List<EventRegistration>();
        foreach (var eventId in await store.ListIndexedAsync(memberId, cancellationToken))
        {
            if (await store.GetAsync(eventId, memberId, cancellationToken) is { } row)
            {
                registrations.Add(new EventRegistration(eventId, memberId, await StatusOfAsync(row, cancellationToken), row.At, row.PromotedAt));
            }
        }

        return registrations;
    }

    public async Task<SeatCount> CountAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (!EventStore.IsValidEventId(eventId))
        {
            return new SeatCount(0, 0);
        }

        var statuses = await store.ListStatusesAsync(eventId, cancellationToken);
        var registered = statuses.Count(s => s == EventRegistrationEntity.Registered);
        return new SeatCount(registered, statuses.Count - registered);
    }

    private async Task<AttendeeStatus> StatusOfAsync(EventRegistrationEntity registration, CancellationToken cancellationToken) =>
        registration.IsRegistered || registration.Place is null
            ? new AttendeeStatus.Registered()
            : new AttendeeStatus.Waitlisted(await store.CountAheadAsync(registration.PartitionKey, registration.Place, cancellationToken) + 1);

    private async Task<Event?> PublicEventAsync(string eventId, CancellationToken cancellationToken) =>
        (await events.GetAsync(eventId, cancellationToken))?.Event is { IsPublic: true } e ? e : null;

    // A registration that failed, or a cancellation, leaves no index row, unless the member registered again meanwhile.
    private async Task UnindexIfUnregisteredAsync(string eventId, string memberId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(eventId, memberId, cancellationToken) is null)
        {
            await store.UnindexAsync(memberId, eventId, cancellationToken);
        }
    }

    private static string ClosedBecause(Event e) => e.Status switch
    {
        EventStatus.Cancelled => "The event was cancelled.",
        EventStatus.Completed => "The event has taken place.",
        _ => $"Registration closed at {e.EffectiveRegistrationClosesAt:O}.",
    };

    [LoggerMessage(EventId = 11020, Level = LogLevel.Information, Message = "Registration for event {EventId}: a place")]
    private static partial void LogRegistered(ILogger logger, string eventId);

    [LoggerMessage(EventId = 11021, Level = LogLevel.Information, Message = "Registration for event {EventId}: the waiting list")]
    private static partial void LogWaitlisted(ILogger logger, string eventId);

    [LoggerMessage(EventId = 11022, Level = LogLevel.Information, Message = "A registration for event {EventId} was cancelled")]
    private static partial void LogCancelled(ILogger logger, string eventId);

    [LoggerMessage(EventId = 11023, Level = LogLevel.Information, Message = "A place of event {EventId} went to the first person waiting")]
    private static partial void LogPromoted(ILogger logger, string eventId);
}
