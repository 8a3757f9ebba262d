using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CoP.Functions.Events.Pages;

/// <summary>
/// GET /api/events/{eventId}: a public event (drafts are not found). Scripts get JSON, with the online link when their
/// token (Bearer or <c>?token=</c>) is a registered member's; a browser (Accept ranks text/html first) gets the event
/// page. A personal link's <c>?token=</c> that may register becomes the browser's session
/// (<see cref="MemberSessions.Exchange"/>); the session's page shows the member's registration and its forms.
/// </summary>
public sealed class GetEventFunction(
    EventStore events,
    EventPageComposer pages,
    EventRegistrationService registrations,
    MemberSessions sessions,
    MemberAccountService accounts,
    IOptions<MembershipOptions> membership,
    TimeProvider time)
{
    [Function(nameof(GetEvent))]
    public async Task<IResult> GetEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept, Accept-Language, Authorization";
        var token = MemberTokens.FromHeaderOrQuery(request);
        if (token is not null)
        {
            // A personal link or token: no cache keeps the answer, whatever its format.
            headers.CacheControl = "no-store";
        }

        var found = await events.GetAsync(eventId, cancellationToken) is { Event: { IsPublic: true } e } ? e : null;
        var now = time.GetUtcNow();
        if (!HtmlPages.PrefersHtml(request))
        {
            return found is null ? Problems.NotFound("There is no event with this id.") : await JsonAsync(request, found, token, now, cancellationToken);
        }

        if (found is null)
        {
            return EventPage.NotFound();
        }

        var linked = request.Query.ContainsKey("token");
        var session = await sessions.AuthenticateAsync(request, MemberAction.AttendEvents, cancellationToken: cancellationToken);
        if (linked && session is MemberSession.Open && sessions.Exchange(request) is { } exchange)
        {
            // Only a link that may register becomes a session; the page is reloaded without its token.
            return exchange;
        }

        var reader = await pages.ReaderAsync(request, found.EventId, session, cancellationToken);
        return await pages.ShowAsync(StatusCodes.Status200OK, found, reader, EventPage.Done(request), cancellationToken);
    }

    private async Task<IResult> JsonAsync(HttpRequest request, Event e, string? token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        EventAttendeeResponse? attendee = null;
        if (token is not null)
        {
            switch (await accounts.AuthenticateAsync(token, MemberAction.AttendEvents, cancellationToken: cancellationToken))
            {
                case MemberAuthentication.Refused { Status: var status }:
                    return MemberTokens.Refused(status);
                case MemberAuthentication.Authenticated { Member: var member }:
                    var standing = await registrations.StatusAsync(e.EventId, member.MemberId, cancellationToken);
                    attendee = new EventAttendeeResponse(standing.Name, standing.WaitlistPosition);
                    break;
                default:
                    throw new UnreachableException();
            }
        }

        var seatsLeft = await pages.SeatsLeftAsync(e, cancellationToken);
        return TypedResults.Ok(EventAnswers.Full(e, HtmlPages.Language(request), membership.Value.PublicApiBaseUrl!, now, seatsLeft, attendee));
    }
}
