using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Members;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Registrations;

/// <summary>
/// POST /api/events/{eventId}/registrations: a member registers with a link allowing it (Bearer token, or a form's
/// <c>token</c> field). 201 with <c>registered</c>, or <c>waitlisted</c> and the position when the event is full; a
/// member registered or waiting already gets 200 with where they stand. A mail confirms either.
/// </summary>
public sealed class RegisterForEventFunction(EventRegistrationService registrations)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RegisterForEvent))]
    public async Task<IResult> RegisterForEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/registrations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await RegistrationTokenBody.ReadAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            RegistrationTokenBody.Read { Token: var token } => Answer(await registrations.RegisterAsync(eventId, token, cancellationToken)),
            RegistrationTokenBody.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    /// <summary>The answer to a registration's outcome (also for pages that answer scripts the same way).</summary>
    public static IResult Answer(RegistrationOutcome outcome) => outcome switch
    {
        RegistrationOutcome.Registered => TypedResults.Created((string?)null, new EventRegistrationAnswer(EventRegistrationEntity.Registered, null)),
        RegistrationOutcome.Waitlisted { Position: var position } => TypedResults.Created((string?)null, new EventRegistrationAnswer(EventRegistrationEntity.Waitlisted, position)),
        RegistrationOutcome.AlreadyRegistered { Status: var status } => TypedResults.Ok(new EventRegistrationAnswer(status.Name, status.WaitlistPosition)),
        RegistrationOutcome.Full => Refused("This event is full.", "Every place is taken and the event keeps no waiting list."),
        RegistrationOutcome.NotOpenYet { OpensAt: var opensAt } => Refused("Registration is not open yet.", $"Registration opens at {opensAt:O}."),
        RegistrationOutcome.Closed { Reason: var reason } => Refused("Registration is closed.", reason),
        RegistrationOutcome.EventNotFound => Problems.NotFound("There is no event with this id."),
        RegistrationOutcome.Unauthorized => MemberTokens.Unauthorized(),
        RegistrationOutcome.Forbidden => MemberTokens.Refused(TokenStatus.WrongPurpose),
        _ => throw new UnreachableException(),
    };

    private static ProblemHttpResult Refused(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
