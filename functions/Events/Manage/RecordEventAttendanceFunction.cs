using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Manage;

/// <summary>POST /api/manage/events/{eventId}/attendance (function key): how many attended and a short report, once the event has started.</summary>
public sealed class RecordEventAttendanceFunction(EventService events)
{
    [Function(nameof(RecordEventAttendance))]
    public async Task<IResult> RecordEventAttendance(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/events/{eventId}/attendance")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken) =>
        await JsonRequestBody.ReadAsync<EventAttendanceDefinition>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<EventAttendanceDefinition>.Read { Value: var attendance } =>
                ManagedEventAnswers.From(request, await events.RecordAttendanceAsync(eventId, attendance, cancellationToken)),
            RequestBody<EventAttendanceDefinition>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
}
