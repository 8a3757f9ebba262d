using CoP.Shared.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Manage;

/// <summary>POST /api/manage/events/{eventId}/cancel (function key): cancels a published event. Idempotent.</summary>
public sealed class CancelEventFunction(EventService events)
{
    [Function(nameof(CancelEvent))]
    public async Task<IResult> CancelEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/events/{eventId}/cancel")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken) =>
        ManagedEventAnswers.From(request, await events.CancelAsync(eventId, cancellationToken));
}
