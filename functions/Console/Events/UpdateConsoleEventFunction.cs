using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// POST /api/console/events/{eventId}: saves the edit form, through the same <see cref="EventService.UpdateAsync"/> as
/// PUT /api/manage/events/{eventId}, with the form's <c>version</c> as the <c>If-Match</c>: when the event changed since
/// the form was made, nothing is overwritten and the form comes back (409) saying so. Audited as <c>event.update</c>,
/// then 303 to the event's page. A refused form comes back with its errors (400); an unknown event gets a 404 problem.
/// </summary>
public sealed class UpdateConsoleEventFunction(ConsoleGate gate, EventService events, TopicStore topics)
{
    public const string ChangedMeanwhile =
        "The event was changed meanwhile (in another tab or by another operator), so nothing was saved. Open the event again to see the change, then make yours.";

    [Function(nameof(UpdateConsoleEvent))]
    public async Task<IResult> UpdateConsoleEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, CreateConsoleEventFunction.MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await UpdateAsync(session, eventId, EventForm.Read(fields), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> UpdateAsync(ConsoleSession.Open session, string eventId, EventForm form, CancellationToken cancellationToken)
    {
        if (!EventStore.IsValidEventId(eventId))
        {
            return ShowConsoleEventFunction.NotFound();
        }

        var change = form.Definition() switch
        {
            Validated<EventDefinition>.Valid { Value: var definition } when form.Version.Length > 0 => await events.UpdateAsync(eventId, definition, form.Version, cancellationToken),
            Validated<EventDefinition>.Valid => new EventChange.VersionMismatch(),
            Validated<EventDefinition>.Invalid { Errors: var errors } => new EventChange.Invalid(errors),
            _ => throw new UnreachableException(),
        };
        switch (change)
        {
            case EventChange.Changed { Event.Event: var e, ScheduleChanged: var moved }:
                await gate.RecordAsync(session, "event.update", e.EventId, moved ? $"{EventNames.Of(e.Status)}, schedule changed" : EventNames.Of(e.Status), cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/events/{e.EventId}?done=updated");
            case EventChange.Invalid { Errors: var errors }:
                return await FormAsync(session, eventId, form, errors, StatusCodes.Status400BadRequest, cancellationToken);
            case EventChange.VersionMismatch:
                return await FormAsync(session, eventId, form, Error("version", ChangedMeanwhile), StatusCodes.Status409Conflict, cancellationToken);
            case EventChange.Refused { Reason: var reason }:
                return await FormAsync(session, eventId, form, Error("event", reason), StatusCodes.Status409Conflict, cancellationToken);
            case EventChange.NotFound:
                return ShowConsoleEventFunction.NotFound();
            default:
                throw new UnreachableException();
        }
    }

    private async Task<IResult> FormAsync(
        ConsoleSession.Open session, string eventId, EventForm form, IReadOnlyDictionary<string, string[]> errors, int status, CancellationToken cancellationToken) =>
        EventFormPage.Show(session, eventId, form, errors, await topics.ListActiveAsync(cancellationToken), status);

    private static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
