using System.Diagnostics;
using System.Globalization;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// POST /api/console/events/{eventId}/attendance (fields <c>attended</c> and <c>report</c>): records how many attended and
/// the report through the same <see cref="EventService.RecordAttendanceAsync"/> as POST
/// /api/manage/events/{eventId}/attendance; audited as <c>event.attendance</c> (with the number), then 303 to the event's
/// page. A refused form comes back on the page with its errors (400), or with why the event cannot take it yet (409).
/// </summary>
public sealed class RecordConsoleEventAttendanceFunction(ConsoleGate gate, EventService service, EventStore events, EventRegistrationExport export)
{
    // A report of 10,000 characters, percent-encoded, fits.
    private const int MaxBodyBytes = 64 * 1024;

    [Function(nameof(RecordConsoleEventAttendance))]
    public async Task<IResult> RecordConsoleEventAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/events/{eventId}/attendance")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await RecordAsync(session, eventId, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RecordAsync(ConsoleSession.Open session, string eventId, IFormCollection fields, CancellationToken cancellationToken)
    {
        string attended = EventPage.Bounded(fields["attended"].ToString().Trim()), report = EventPage.Bounded(fields["report"].ToString());
        var action = new EventActions.Action("event.attendance", "attendance", e => EventPage.Forms.Of(e) with { Attended = attended, Report = report });
        int? number = null;
        if (attended.Length > 0)
        {
            if (!int.TryParse(attended, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                var error = EventActions.Error("attended", "Enter a whole number.");
                return await EventActions.RefuseAsync(events, export, session, eventId, action, error, StatusCodes.Status400BadRequest, cancellationToken);
            }

            number = parsed;
        }

        var definition = new EventAttendanceDefinition { Attended = number, Report = report.Trim().Length == 0 ? null : report };
        var change = await service.RecordAttendanceAsync(eventId, definition, cancellationToken);
        return await EventActions.AnswerAsync(gate, events, export, session, eventId, action, change, number?.ToString(CultureInfo.InvariantCulture) ?? "", cancellationToken);
    }
}
