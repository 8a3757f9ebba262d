using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Events;

/// <summary>
/// How the event page's actions (cancel, attendance, material) answer what <see cref="EventService"/> did: a change (or
/// none, the event being so already) is audited and 303s back to the page with <c>?done=</c>; a refusal shows the page again with the posted form and its
/// errors (400), or why the event cannot take it now (409); an unknown event is a 404 problem.
/// </summary>
public static class EventActions
{
    public const string ChangedMeanwhile = "The event was being changed at the same time; nothing was done. Send the form again.";

    /// <summary>One of the page's actions and what to show: its audit name, its <c>?done=</c> word, the posted form.</summary>
    public sealed record Action(string Audit, string Done, Func<Event, EventPage.Forms> Posted);

    public static async Task<IResult> AnswerAsync(
        ConsoleGate gate, EventStore events, EventRegistrationExport export, ConsoleSession.Open session, string eventId, Action action, EventChange change, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(action);
        switch (change)
        {
            case EventChange.Changed { Event.Event: var e }:
                await gate.RecordAsync(session, action.Audit, e.EventId, detail, cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/events/{e.EventId}?done={action.Done}");
            case EventChange.Unchanged { Event.Event: var e }:
                await gate.RecordAsync(session, action.Audit, e.EventId, "unchanged", cancellationToken);
                return HtmlPages.SeeOther($"{ConsoleGate.Home}/events/{e.EventId}?done=unchanged");
            case EventChange.Invalid { Errors: var errors }:
                return await RefuseAsync(events, export, session, eventId, action, errors, StatusCodes.Status400BadRequest, cancellationToken);
            case EventChange.Refused { Reason: var reason }:
                return await RefuseAsync(events, export, session, eventId, action, Error("event", reason), StatusCodes.Status409Conflict, cancellationToken);
            case EventChange.VersionMismatch:
                return await RefuseAsync(events, export, session, eventId, action, Error("event", ChangedMeanwhile), StatusCodes.Status409Conflict, cancellationToken);
            case EventChange.NotFound:
                return ShowConsoleEventFunction.NotFound();
            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The event's page again, with the posted form and <paramref name="errors"/> beside its fields; nothing was changed.</summary>
    public static async Task<IResult> RefuseAsync(
        EventStore events, EventRegistrationExport export, ConsoleSession.Open session, string eventId, Action action, IReadOnlyDictionary<string, string[]> errors, int status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return await EventPage.ShowAsync(events, export, session, eventId, e => action.Posted(e) with { Errors = errors }, "", status, cancellationToken)
            ?? ShowConsoleEventFunction.NotFound();
    }

    public static Dictionary<string, string[]> Error(string field, string message) => new(StringComparer.Ordinal) { [field] = [message] };
}
