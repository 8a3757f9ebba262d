namespace CoP.Shared.Events.Reminders;

/// <summary>Who is reminded of an event: its registered people (the waiting list is not), as the registrations service lists them.</summary>
public sealed class EventAttendees
{
    /// <summary>The member ids of the people registered for <paramref name="eventId"/>.</summary>
    public Task<IReadOnlyList<string>> RegisteredAsync(string eventId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(eventId);

    /// <summary>Whether the member is registered now (not waiting, not cancelled).</summary>
    public Task<bool> IsRegisteredAsync(string eventId, string memberId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException(eventId);
}
