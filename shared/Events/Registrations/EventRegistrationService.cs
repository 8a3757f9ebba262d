using System.Diagnostics;
using CoP.Shared.Members;

namespace CoP.Shared.Events.Registrations;

/// <summary>
/// Registering for events and cancelling, on a member's token (a link allowing <see cref="MemberAction.AttendEvents"/>)
/// or for a member a page's session already authenticated; where members stand; the operators' lists and counts. The
/// seats are exact (<see cref="EventSeats"/>): a full event puts newcomers on its waiting list, in order, and a freed
/// seat goes to the first person waiting, who is told once.
/// </summary>
public sealed class EventRegistrationService(EventAttendees attendees, MemberAccountService accounts)
{
    /// <summary>Registers the token's member: a place, a place on the waiting list, or why not.</summary>
    public async Task<RegistrationOutcome> RegisterAsync(string eventId, string? token, CancellationToken cancellationToken = default) =>
        await AuthenticateAsync(token, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await attendees.RegisterAsync(eventId, member.MemberId, cancellationToken),
            MemberAuthentication.Refused { Status: TokenStatus.WrongPurpose } => new RegistrationOutcome.Forbidden(),
            MemberAuthentication.Refused => new RegistrationOutcome.Unauthorized(),
            _ => throw new UnreachableException(),
        };

    /// <summary>Registers a member whom a page's session authenticated for <see cref="MemberAction.AttendEvents"/>.</summary>
    public Task<RegistrationOutcome> RegisterAsync(string eventId, MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return attendees.RegisterAsync(eventId, member.MemberId, cancellationToken);
    }

    /// <summary>Cancels the token's member's registration (or place on the waiting list).</summary>
    public async Task<CancellationOutcome> CancelAsync(string eventId, string? token, CancellationToken cancellationToken = default) =>
        await AuthenticateAsync(token, cancellationToken) switch
        {
            MemberAuthentication.Authenticated { Member: var member } => await attendees.CancelAsync(eventId, member.MemberId, cancellationToken),
            MemberAuthentication.Refused { Status: TokenStatus.WrongPurpose } => new CancellationOutcome.Forbidden(),
            MemberAuthentication.Refused => new CancellationOutcome.Unauthorized(),
            _ => throw new UnreachableException(),
        };

    /// <summary>Cancels the registration of a member whom a page's session authenticated.</summary>
    public Task<CancellationOutcome> CancelAsync(string eventId, MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return attendees.CancelAsync(eventId, member.MemberId, cancellationToken);
    }

    /// <summary>An operator cancels a member's registration (the erase does too): the next person waiting moves up.</summary>
    public Task<CancellationOutcome> CancelForMemberAsync(string eventId, string memberId, CancellationToken cancellationToken = default) =>
        attendees.CancelAsync(eventId, memberId, cancellationToken);

    /// <summary>Fills free seats from the waiting list (after an operator raised the capacity); the members moved up, each told.</summary>
    public Task<IReadOnlyList<string>> PromoteAsync(string eventId, CancellationToken cancellationToken = default) =>
        attendees.PromoteAsync(eventId, cancellationToken);

    public Task<AttendeeStatus> StatusAsync(string eventId, string memberId, CancellationToken cancellationToken = default) =>
        attendees.StatusAsync(eventId, memberId, cancellationToken);

    /// <summary>The event's registrations: places by registration time, then the waiting list in order.</summary>
    public Task<IReadOnlyList<EventRegistration>> ListAsync(string eventId, CancellationToken cancellationToken = default) =>
        attendees.ListAsync(eventId, cancellationToken);

    /// <summary>The member's registrations, held or waiting (their calendar, their export).</summary>
    public Task<IReadOnlyList<EventRegistration>> ListForMemberAsync(string memberId, CancellationToken cancellationToken = default) =>
        attendees.ListForMemberAsync(memberId, cancellationToken);

    public Task<SeatCount> CountAsync(string eventId, CancellationToken cancellationToken = default) =>
        attendees.CountAsync(eventId, cancellationToken);

    private Task<MemberAuthentication> AuthenticateAsync(string? token, CancellationToken cancellationToken) =>
        accounts.AuthenticateAsync(token, MemberAction.AttendEvents, cancellationToken: cancellationToken);
}
