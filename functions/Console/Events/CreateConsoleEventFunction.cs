using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// POST /api/console/events: creates an event from the form, through the same <see cref="EventService.CreateAsync"/> as
/// POST /api/manage/events and its rules; audited as <c>event.create</c> (with the status), then 303 to the event's
/// console page. A refused form comes back with its values and its errors (400); nothing is stored.
/// </summary>
public sealed class CreateConsoleEventFunction(ConsoleGate gate, EventService events, TopicStore topics)
{
    // Three texts of 4,000 characters and thirty agenda rows, all percent-encoded, fit with room to spare.
    internal const int MaxBodyBytes = 128 * 1024;

    [Function(nameof(CreateConsoleEvent))]
    public async Task<IResult> CreateConsoleEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await CreateAsync(session, EventForm.Read(fields), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CreateAsync(ConsoleSession.Open session, EventForm form, CancellationToken cancellationToken)
    {
        var created = form.Definition() switch
        {
            Validated<EventDefinition>.Valid { Value: var definition } => await events.CreateAsync(definition, cancellationToken),
            Validated<EventDefinition>.Invalid { Errors: var errors } => new Validated<StoredEvent>.Invalid(errors),
            _ => throw new UnreachableException(),
        };
        switch (created)
        {
            case Validated<StoredEvent>.Valid { Value.Event: var e }:
                await gate.RecordAsync(session, "event.create", e.EventId, EventNames.Of(e.Status), cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/events/{e.EventId}?done=created");
            case Validated<StoredEvent>.Invalid { Errors: var errors }:
                return EventFormPage.Show(session, eventId: null, form, errors, await topics.ListActiveAsync(cancellationToken));
            default:
                throw new UnreachableException();
        }
    }
}
