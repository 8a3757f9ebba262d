namespace CoP.Shared.Events;

/// <summary>What a change to an event did.</summary>
public abstract record EventChange
{
    private EventChange()
    {
    }

    /// <summary>
    /// Stored. <paramref name="ScheduleChanged"/>: the start, end, time zone, format, venue or online link moved (the
    /// iCalendar sequence was raised), so registered people must get the updated invitation. A cancellation raises the
    /// sequence too but says false here: it is told with a cancellation, not an invitation.
    /// </summary>
    public sealed record Changed(StoredEvent Event, bool ScheduleChanged) : EventChange;

    /// <summary>Nothing to do: the event was already in the state asked for (a second cancellation).</summary>
    public sealed record Unchanged(StoredEvent Event) : EventChange;

    public sealed record NotFound : EventChange;

    /// <summary>The event changed since the version the client named (or kept changing under concurrent changes).</summary>
    public sealed record VersionMismatch : EventChange;

    /// <summary>What the client sent breaks a rule; nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : EventChange;

    /// <summary>The event's state does not allow this change (a cancelled event, attendance before the start, ...).</summary>
    public sealed record Refused(string Reason) : EventChange;
}
