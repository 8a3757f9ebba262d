using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Events.Registrations;

/// <summary>What claiming a place did.</summary>
public abstract record SeatClaim
{
    private SeatClaim()
    {
    }

    /// <summary>The member holds a seat (or, without a capacity, is simply registered).</summary>
    public sealed record Seated : SeatClaim;

    /// <summary>The member joined the waiting list.</summary>
    public sealed record Queued(string WaitKey) : SeatClaim;

    /// <summary>The member held a registration already.</summary>
    public sealed record Held(EventRegistrationEntity Registration) : SeatClaim;

    /// <summary>No seat is free and the event keeps no waiting list.</summary>
    public sealed record Full : SeatClaim;

    /// <summary>A seat is free but people wait and the event keeps no list any more: they move up before anyone new.</summary>
    public sealed record WaitersFirst : SeatClaim;
}

/// <summary>
/// Exact seats without a counter row. Every change is one entity-group transaction in the event's partition that
/// fails whole when another change got there first (a seat taken, a waiting row or registration changed since it was
/// read); the loser reads again and decides afresh. So a seat is held by exactly one member (its row's key is
/// unique), nobody takes a seat while someone waits (a newcomer joins the list behind everyone it saw), and a waiting
/// member moves up exactly once (only one transaction can delete their waiting row).
/// </summary>
public sealed class EventSeats(EventRegistrationStore store, TimeProvider time)
{
    // Each failed attempt means another change succeeded; this many in a row means something is badly wrong.
    private const int MaxAttempts = 2_000;

    /// <summary>A seat if one is free and nobody waits; else a place at the end of the waiting list, if the event keeps one.</summary>
    public async Task<SeatClaim> ClaimAsync(Event e, string memberId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var writeId = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var seats = await store.ReadSeatsAsync(e.EventId, cancellationToken);
            var free = e.Capacity is { } capacity ? seats.FreeSeats(capacity) : null;
            IReadOnlyList<TableTransactionAction> claim;
            SeatClaim claimed;
            if (seats.Waiting.Count == 0 && (free is null || free.Count > 0))
            {
                // Spread concurrent registrants over the free seats, so that most of them win at the first try.
                var seat = free is null ? null : EventRegistrationEntity.SeatKey(free[Random.Shared.Next(free.Count)]);
                claim = [.. TakeSeat(e.EventId, seat, memberId, now), Add(Registration(e.EventId, memberId, EventRegistrationEntity.Registered, seat, now, writeId))];
                claimed = new SeatClaim.Seated();
            }
            else if (e.Waitlist)
            {
                // Behind everyone this read saw, even when the clock says otherwise: nobody jumps the queue.
                var ticks = Math.Max(now.UtcTicks, seats.Waiting.Count == 0 ? 0 : EventRegistrationEntity.WaitTicksOf(seats.Waiting[^1].RowKey) + 1);
                var wait = EventRegistrationEntity.WaitKey(ticks, memberId);
                claim = [Add(new EventRegistrationEntity { PartitionKey = e.EventId, RowKey = wait, MemberId = memberId, At = now }),
                    Add(Registration(e.EventId, memberId, EventRegistrationEntity.Waitlisted, wait, now, writeId))];
                claimed = new SeatClaim.Queued(wait);
            }
            else if (free is null || free.Count > 0)
            {
                // People wait although the event no longer keeps a list: they move up first (the caller moves them and tells them).
                return new SeatClaim.WaitersFirst();
            }
            else
            {
                return new SeatClaim.Full();
            }

            if (await store.TrySubmitAsync(claim, cancellationToken))
            {
                return claimed;
            }

            if (await store.GetAsync(e.EventId, memberId, cancellationToken) is { } held)
            {
                // Our own write, whose answer was lost and whose retry then failed, or an earlier registration.
                return held.WriteId == writeId ? claimed : new SeatClaim.Held(held);
            }
        }

        throw new InvalidOperationException($"Event {e.EventId}: no place could be claimed in {MaxAttempts} attempts.");
    }

    /// <summary>Gives up the member's seat or waiting place; the registration that was removed, or null when there was none.</summary>
    public async Task<EventRegistrationEntity?> ReleaseAsync(string eventId, string memberId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(eventId, memberId, cancellationToken) is not { } registration)
            {
                return null;
            }

            // The registration's ETag guards the place it names: while it is unchanged, that place is this member's.
            List<TableTransactionAction> release = [new(TableTransactionActionType.Delete, registration, registration.ETag)];
            if (registration.Place is { } place)
            {
                release.Add(new(TableTransactionActionType.Delete, new TableEntity(eventId, place), ETag.All));
            }

            if (await store.TrySubmitAsync(release, cancellationToken))
            {
                return registration;
            }
        }

        throw new InvalidOperationException($"Event {eventId}: a registration could not be released in {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Moves the waiting list up while a seat is free and someone waits, one member per transaction, in order. Several
    /// may run at once (each cancellation, each registrant who joined the list): each member moves up in exactly one of
    /// them, and the ids returned are those this call moved up, so that exactly one call tells each of them.
    /// </summary>
    public async Task<IReadOnlyList<string>> PromoteAsync(Event e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var promoted = new List<string>();
        var writeId = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var seats = await store.ReadSeatsAsync(e.EventId, cancellationToken);
            var free = e.Capacity is { } capacity ? seats.FreeSeats(capacity) : null;
            if (seats.Waiting.Count == 0 || free is { Count: 0 })
            {
                return promoted;
            }

            var head = seats.Waiting[0];
            var registration = await store.GetAsync(e.EventId, head.MemberId, cancellationToken);
            if (registration is null || registration.Place != head.RowKey)
            {
                // Written by neither a claim nor a promotion (both write both rows): nothing to move up, only a row to clear.
                await store.TrySubmitAsync([new TableTransactionAction(TableTransactionActionType.Delete, head, head.ETag)], cancellationToken);
                continue;
            }

            var now = time.GetUtcNow();
            var seat = free is null ? null : EventRegistrationEntity.SeatKey(free[0]);
            registration.Status = EventRegistrationEntity.Registered;
            registration.Place = seat;
            registration.PromotedAt = now;
            registration.WriteId = writeId + promoted.Count;
            IReadOnlyList<TableTransactionAction> move =
                [.. TakeSeat(e.EventId, seat, head.MemberId, now), new(TableTransactionActionType.Delete, head, head.ETag), new(TableTransactionActionType.UpdateReplace, registration, registration.ETag)];
            if (await store.TrySubmitAsync(move, cancellationToken)
                || (await store.GetAsync(e.EventId, head.MemberId, cancellationToken))?.WriteId == registration.WriteId)
            {
                promoted.Add(head.MemberId);
            }
        }

        return promoted;
    }

    private static IEnumerable<TableTransactionAction> TakeSeat(string eventId, string? seat, string memberId, DateTimeOffset now) =>
        seat is null ? [] : [Add(new EventRegistrationEntity { PartitionKey = eventId, RowKey = seat, MemberId = memberId, At = now })];

    private static EventRegistrationEntity Registration(string eventId, string memberId, string status, string? place, DateTimeOffset now, string writeId) => new()
    {
        PartitionKey = eventId,
        RowKey = EventRegistrationEntity.RegistrationKey(memberId),
        MemberId = memberId,
        Status = status,
        Place = place,
        At = now,
        WriteId = writeId,
    };

    private static TableTransactionAction Add(EventRegistrationEntity row) => new(TableTransactionActionType.Add, row);
}
