using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Functions.Members;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// POST /api/events/{eventId}/register: the event page's register button, posted with the member's session (cookie
/// and anti-forgery field). A place or a place on the waiting list sends the browser back to the page (303 to
/// <c>?registered=1</c> or <c>?waitlisted=1</c>, post/redirect/get); a refusal (full, not open yet, closed) shows the
/// page again with the reason (409). Scripts register at <c>RegisterForEvent</c>.
/// </summary>
public sealed class RegisterForEventFromPageFunction(EventStore events, EventRegistrationService registrations, EventPageComposer pages, MemberSessions sessions)
{
    [Function(nameof(RegisterForEventFromPage))]
    public async Task<IResult> RegisterForEventFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/register")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await SessionForm.ReadAsync(request, sessions, EventPage.MaxFormBytes, MemberAction.AttendEvents, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session } => await RegisterAsync(request, eventId, session, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RegisterAsync(HttpRequest request, string eventId, MemberSession.Open session, CancellationToken cancellationToken) =>
        await registrations.RegisterAsync(eventId, session.Member, cancellationToken) switch
        {
            RegistrationOutcome.Registered => HtmlPages.SeeOther(EventPage.Path(eventId, EventPageOutcome.Registered)),
            RegistrationOutcome.Waitlisted => HtmlPages.SeeOther(EventPage.Path(eventId, EventPageOutcome.Waitlisted)),
            // Nothing changed: the page shows where the member stands.
            RegistrationOutcome.AlreadyRegistered => HtmlPages.SeeOther(EventPage.Path(eventId)),
            RegistrationOutcome.Full => await RefusedAsync(request, eventId, session, EventPageOutcome.Full, cancellationToken),
            RegistrationOutcome.NotOpenYet => await RefusedAsync(request, eventId, session, EventPageOutcome.NotOpenYet, cancellationToken),
            RegistrationOutcome.Closed => await RefusedAsync(request, eventId, session, EventPageOutcome.Closed, cancellationToken),
            RegistrationOutcome.EventNotFound => EventPage.NotFound(),
            RegistrationOutcome.Unauthorized or RegistrationOutcome.Forbidden => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> RefusedAsync(HttpRequest request, string eventId, MemberSession.Open session, EventPageOutcome why, CancellationToken cancellationToken)
    {
        if (await events.GetAsync(eventId, cancellationToken) is not { Event: { IsPublic: true } e })
        {
            return EventPage.NotFound();
        }

        var reader = await pages.ReaderAsync(request, eventId, session, cancellationToken);
        return await pages.ShowAsync(StatusCodes.Status409Conflict, e, reader, why, cancellationToken);
    }
}
