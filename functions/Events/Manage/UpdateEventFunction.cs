using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Manage;

/// <summary>
/// PUT /api/manage/events/{eventId} (function key): replaces an event's definition. <c>If-Match</c> must name the version
/// (ETag) the change was made from: 428 without it, 412 when the event changed since.
/// </summary>
public sealed class UpdateEventFunction(EventService events)
{
    [Function(nameof(UpdateEvent))]
    public async Task<IResult> UpdateEvent(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        if (request.Headers.IfMatch.ToString().Trim() is not { Length: > 0 } version)
        {
            return Problems.PreconditionRequired("Send If-Match with the ETag of the event as last read.");
        }

        return await JsonRequestBody.ReadAsync<EventDefinition>(request, ManagedEventAnswers.MaxBodyBytes, cancellationToken) switch
        {
            RequestBody<EventDefinition>.Read { Value: var definition } =>
                ManagedEventAnswers.From(request, await events.UpdateAsync(eventId, definition, version, cancellationToken)),
            RequestBody<EventDefinition>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }
}
