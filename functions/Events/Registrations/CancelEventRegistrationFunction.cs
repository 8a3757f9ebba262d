using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Registrations;

/// <summary>
/// DELETE /api/events/{eventId}/registrations/me (Bearer token allowing it): gives up the member's place, or their
/// place on the waiting list. 204. A freed place goes to the first person waiting, who is told by mail.
/// </summary>
public sealed class CancelEventRegistrationFunction(EventRegistrationService registrations)
{
    [Function(nameof(CancelEventRegistration))]
    public async Task<IResult> CancelEventRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "events/{eventId}/registrations/me")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await registrations.CancelAsync(eventId, MemberTokens.FromHeaderOrQuery(request), cancellationToken) switch
        {
            CancellationOutcome.Cancelled => TypedResults.NoContent(),
            CancellationOutcome.NotRegistered => Problems.NotFound("You are not registered for this event, nor on its waiting list."),
            CancellationOutcome.EventNotFound => Problems.NotFound("There is no event with this id."),
            CancellationOutcome.Unauthorized => MemberTokens.Unauthorized(),
            CancellationOutcome.Forbidden => MemberTokens.Refused(TokenStatus.WrongPurpose),
            _ => throw new UnreachableException(),
        };
    }
}
