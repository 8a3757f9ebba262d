using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Manage;

/// <summary>POST /api/manage/events (function key): creates an event, a draft or published, from its definition.</summary>
public sealed class CreateEventFunction(EventService events)
{
    [Function(nameof(CreateEvent))]
    public async Task<IResult> CreateEvent(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/events")] HttpRequest request,
        CancellationToken cancellationToken) =>
        await JsonRequestBody.ReadAsync<EventDefinition>(request, ManagedEventAnswers.MaxBodyBytes, cancellationToken) switch
        {
            RequestBody<EventDefinition>.Read { Value: var definition } => await CreateAsync(request, definition, cancellationToken),
            RequestBody<EventDefinition>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };

    private async Task<IResult> CreateAsync(HttpRequest request, EventDefinition definition, CancellationToken cancellationToken) =>
        await events.CreateAsync(definition, cancellationToken) switch
        {
            Validated<StoredEvent>.Valid { Value: var stored } => ManagedEventAnswers.Created(request, stored),
            Validated<StoredEvent>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
}
