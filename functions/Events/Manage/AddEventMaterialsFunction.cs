using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Manage;

/// <summary>POST /api/manage/events/{eventId}/materials (function key): adds slides, recordings, minutes or other material.</summary>
public sealed class AddEventMaterialsFunction(EventService events)
{
    [Function(nameof(AddEventMaterials))]
    public async Task<IResult> AddEventMaterials(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/events/{eventId}/materials")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken) =>
        await JsonRequestBody.ReadAsync<EventMaterialsDefinition>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<EventMaterialsDefinition>.Read { Value: var materials } =>
                ManagedEventAnswers.From(request, await events.AddMaterialsAsync(eventId, materials, cancellationToken)),
            RequestBody<EventMaterialsDefinition>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
}
