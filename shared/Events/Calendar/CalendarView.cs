namespace CoP.Shared.Events.Calendar;

/// <summary>
/// Who reads a calendar, which decides what it carries: anyone (the public <c>.ics</c> and feed: never the online
/// link) or the member it was made for (an invitation, the personal feed: with the online link).
/// </summary>
public enum CalendarView
{
    Public,
    Attendee,
}

/// <summary>The iTIP method of an invitation mailed to a registered person (RFC 5546).</summary>
public enum InvitationMethod
{
    /// <summary>Adds the event to the attendee's calendar, or updates it (same UID, higher SEQUENCE).</summary>
    Request,

    /// <summary>Takes the event out of the attendee's calendar.</summary>
    Cancel,
}
