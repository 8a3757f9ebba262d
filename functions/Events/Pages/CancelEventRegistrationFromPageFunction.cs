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
/// POST /api/events/{eventId}/cancel-registration: the event page's cancel button (HTML forms cannot DELETE), posted
/// with the member's session (cookie and anti-forgery field). The place (or the place on the waiting list) is given
/// up, a freed seat goes to the first person waiting, who is told, and the browser goes back to the page (303 to
/// <c>?cancelled=1</c>); a member who was not registered sees the page again with that said (409). Scripts cancel at
/// <c>CancelEventRegistration</c>.
/// </summary>
public sealed class CancelEventRegistrationFromPageFunction(EventStore events, EventRegistrationService registrations, EventPageComposer pages, MemberSessions sessions)
{
    [Function(nameof(CancelEventRegistrationFromPage))]
    public async Task<IResult> CancelEventRegistrationFromPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/cancel-registration")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await SessionForm.ReadAsync(request, sessions, EventPage.MaxFormBytes, MemberAction.AttendEvents, cancellationToken) switch
        {
            SessionForm.Posted { Session: var session } => await CancelAsync(request, eventId, session, cancellationToken),
            SessionForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CancelAsync(HttpRequest request, string eventId, MemberSession.Open session, CancellationToken cancellationToken) =>
        await registrations.CancelAsync(eventId, session.Member, cancellationToken) switch
        {
            CancellationOutcome.Cancelled => HtmlPages.SeeOther(EventPage.Path(eventId, EventPageOutcome.Cancelled)),
            CancellationOutcome.NotRegistered when await events.GetAsync(eventId, cancellationToken) is { Event: { IsPublic: true } e } =>
                await pages.ShowAsync(StatusCodes.Status409Conflict, e, await pages.ReaderAsync(request, eventId, session, cancellationToken), EventPageOutcome.NotRegistered, cancellationToken),
            CancellationOutcome.NotRegistered or CancellationOutcome.EventNotFound => EventPage.NotFound(),
            CancellationOutcome.Unauthorized or CancellationOutcome.Forbidden => ProfilePage.LinkExpired(),
            _ => throw new UnreachableException(),
        };
}
