namespace CoP.Shared.Events.Registrations;

/// <summary>Where a member stands for one event.</summary>
public abstract record AttendeeStatus
{
    private AttendeeStatus()
    {
    }

    /// <summary>Not registered (never, or cancelled since).</summary>
    public sealed record None : AttendeeStatus;

    /// <summary>Holds a place.</summary>
    public sealed record Registered : AttendeeStatus;

    /// <summary>On the waiting list, <paramref name="Position"/> from the front (1: next to move up).</summary>
    public sealed record Waitlisted(int Position) : AttendeeStatus;

    /// <summary>The wire name: <c>none</c>, <c>registered</c> or <c>waitlisted</c>.</summary>
    public string Name => this switch
    {
        Registered => EventRegistrationEntity.Registered,
        Waitlisted => EventRegistrationEntity.Waitlisted,
        _ => "none",
    };

    /// <summary>The position on the waiting list; null unless waitlisted.</summary>
    public int? WaitlistPosition => this is Waitlisted { Position: var position } ? position : null;
}

/// <summary>What a registration for an event did.</summary>
public abstract record RegistrationOutcome
{
    private RegistrationOutcome()
    {
    }

    /// <summary>A place was free: the member holds it (a mail says so).</summary>
    public sealed record Registered : RegistrationOutcome;

    /// <summary>The event is full: the member is on the waiting list at <paramref name="Position"/> (a mail says so).</summary>
    public sealed record Waitlisted(int Position) : RegistrationOutcome;

    /// <summary>The member was registered or waiting already: nothing changed, no mail.</summary>
    public sealed record AlreadyRegistered(AttendeeStatus Status) : RegistrationOutcome;

    /// <summary>Every place is taken and the event keeps no waiting list.</summary>
    public sealed record Full : RegistrationOutcome;

    /// <summary>Registration opens at <paramref name="OpensAt"/>.</summary>
    public sealed record NotOpenYet(DateTimeOffset OpensAt) : RegistrationOutcome;

    /// <summary>Registration is over or never will be: the event was cancelled, took place, or registration closed (<paramref name="Reason"/> says which).</summary>
    public sealed record Closed(string Reason) : RegistrationOutcome;

    /// <summary>No such event, or a draft.</summary>
    public sealed record EventNotFound : RegistrationOutcome;

    /// <summary>No valid token: missing, expired, revoked, or its member unconfirmed or erased.</summary>
    public sealed record Unauthorized : RegistrationOutcome;

    /// <summary>A valid token whose purpose does not allow attending events.</summary>
    public sealed record Forbidden : RegistrationOutcome;
}

/// <summary>What cancelling a registration did.</summary>
public abstract record CancellationOutcome
{
    private CancellationOutcome()
    {
    }

    /// <summary>The place is given up; a freed seat went to the first person waiting, who was told.</summary>
    public sealed record Cancelled : CancellationOutcome;

    public sealed record NotRegistered : CancellationOutcome;

    /// <summary>No such event, or a draft.</summary>
    public sealed record EventNotFound : CancellationOutcome;

    public sealed record Unauthorized : CancellationOutcome;

    public sealed record Forbidden : CancellationOutcome;
}

/// <summary>One registration for an event: who, where they stand, and since when.</summary>
public sealed record EventRegistration(string EventId, string MemberId, AttendeeStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? PromotedAt);

/// <summary>How many hold a place and how many wait.</summary>
public sealed record SeatCount(int Registered, int Waitlisted);
