using System.Globalization;
using CoP.Functions.Events.Registrations;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// GET /api/console/events/{eventId}/registrations.csv: the event's registrations with the members' names and addresses,
/// as the CSV attachment of GET /api/manage/events/{eventId}/registrations?format=csv (the same
/// <see cref="EventRegistrationExport"/> and answer); audited as <c>event.export</c> with the number of rows. An unknown
/// event gets a 404 problem.
/// </summary>
public sealed class ExportConsoleEventRegistrationsFunction(ConsoleGate gate, EventRegistrationExport export)
{
    [Function(nameof(ExportConsoleEventRegistrations))]
    public async Task<IResult> ExportConsoleEventRegistrations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/events/{eventId}/registrations.csv")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        if (await export.ReadAsync(eventId, cancellationToken) is not { } rows)
        {
            return ShowConsoleEventFunction.NotFound();
        }

        await gate.RecordAsync(session, "event.export", eventId, string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rows"), cancellationToken);
        return ExportEventRegistrationsFunction.Csv(eventId, rows, cancellationToken);
    }
}
