using CoP.Functions.Http;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Events.Registrations;

/// <summary>
/// GET /api/manage/events/{eventId}/registrations (function key): who registered and who waits, with the members'
/// names, organisations, countries, languages and addresses, as JSON or, with <c>?format=csv</c>, as CSV. The places
/// first by registration time, then the waiting list in order. Never cached.
/// </summary>
public sealed class ExportEventRegistrationsFunction(EventRegistrationExport export)
{
    [Function(nameof(ExportEventRegistrations))]
    public async Task<IResult> ExportEventRegistrations(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/events/{eventId}/registrations")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        var format = request.Query["format"];
        if (format.Count > 1 || (format.Count == 1 && format[0] is not ("csv" or "json")))
        {
            return Problems.Validation("format", "The format is csv or json (the default).");
        }

        if (await export.ReadAsync(eventId, cancellationToken) is not { } rows)
        {
            return Problems.NotFound("There is no event with this id.");
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return format.Count == 1 && format[0] == "csv"
            ? Csv(eventId, rows, cancellationToken)
            : TypedResults.Ok(new EventRegistrationsExportAnswer(eventId, rows.Count(r => r.Position is null), rows.Count(r => r.Position is not null), rows));
    }

    /// <summary>The rows as a CSV attachment (also the console's download).</summary>
    public static IResult Csv(string eventId, IReadOnlyList<ExportedRegistration> rows, CancellationToken cancellationToken) =>
        TypedResults.Stream(
            stream => EventRegistrationExport.WriteCsvAsync(stream, rows, cancellationToken),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: $"event-{eventId}-registrations.csv");

    public sealed record EventRegistrationsExportAnswer(string EventId, int Registered, int Waitlisted, IReadOnlyList<ExportedRegistration> Registrations);
}
