using System.Diagnostics;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// POST /api/console/events/{eventId}/cancel (field <c>confirm</c> = <c>cancel</c>, the box the operator ticks): cancels
/// the event through the same <see cref="EventService.CancelAsync"/> as POST /api/manage/events/{eventId}/cancel;
/// audited as <c>event.cancel</c>, then 303 to the event's page. Without the confirmation the page comes back (400) with
/// the field's error; an event that cannot be cancelled (already cancelled, completed) comes back saying why (409).
/// </summary>
public sealed class CancelConsoleEventFunction(ConsoleGate gate, EventService service, EventStore events, EventRegistrationExport export)
{
    public const string Confirmation = "cancel";

    private const int MaxBodyBytes = 4 * 1024;

    private static readonly EventActions.Action Cancel = new("event.cancel", "cancelled", EventPage.Forms.Of);

    [Function(nameof(CancelConsoleEvent))]
    public async Task<IResult> CancelConsoleEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/events/{eventId}/cancel")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await CancelAsync(session, eventId, fields["confirm"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CancelAsync(ConsoleSession.Open session, string eventId, string confirm, CancellationToken cancellationToken)
    {
        if (confirm != Confirmation)
        {
            var error = EventActions.Error("confirm", "Tick the box to confirm the cancellation.");
            return await EventActions.RefuseAsync(events, export, session, eventId, Cancel, error, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var change = await service.CancelAsync(eventId, cancellationToken);
        return await EventActions.AnswerAsync(gate, events, export, session, eventId, Cancel, change, "cancelled", cancellationToken);
    }
}
