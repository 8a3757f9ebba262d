using CoP.Shared.Members;

namespace CoP.Shared.Events.Registrations;

/// <summary>
/// A member's event registrations (section <c>eventRegistrations</c>). Export: each registration, held or waiting, with
/// the event's title and times. Erase: each registration is cancelled as the member would cancel it (a freed seat goes
/// to the first person waiting, who is told), then the member's index rows go. The events are found both through the
/// index and by looking in every event (tens a year, one point read each), so that no registration outlives the erase.
/// Every step is idempotent.
/// </summary>
public sealed class EventsMemberData(EventAttendees attendees, EventSeats seats, EventStore events, EventRegistrationStore store) : IMemberDataHolder
{
    public string Section => "eventRegistrations";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var registrations = new List<MemberEventRegistration>();
        foreach (var registration in await attendees.ListForMemberAsync(member.MemberId, cancellationToken))
        {
            if ((await events.GetAsync(registration.EventId, cancellationToken))?.Event is { } e)
            {
                registrations.Add(new MemberEventRegistration(
                    e.EventId, e.TextIn(member.Language).Title, registration.Status.Name, registration.Status.WaitlistPosition,
                    registration.RegisteredAt, registration.PromotedAt, e.StartsAt, e.EndsAt));
            }
        }

        return registrations;
    }

    public async Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var indexed = await store.ListIndexedAsync(member.MemberId, cancellationToken);
        var eventIds = indexed.Union((await events.ListAllAsync(cancellationToken)).Select(e => e.EventId), StringComparer.Ordinal);
        foreach (var eventId in eventIds)
        {
            if (await attendees.CancelAsync(eventId, member.MemberId, cancellationToken) is CancellationOutcome.EventNotFound)
            {
                // A draft (or a deleted event) has nobody to move up: the rows just go.
                await seats.ReleaseAsync(eventId, member.MemberId, cancellationToken);
            }
        }

        foreach (var eventId in indexed)
        {
            await store.UnindexAsync(member.MemberId, eventId, cancellationToken);
        }
    }
}

/// <summary>A registration as the member's export shows it.</summary>
public sealed record MemberEventRegistration(
    string EventId, string Title, string Status, int? Position, DateTimeOffset RegisteredAt, DateTimeOffset? PromotedAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
