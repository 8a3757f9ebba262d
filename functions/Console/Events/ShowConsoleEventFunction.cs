using CoP.Functions.Http;
using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// GET /api/console/events/{eventId}: one event in full (texts, times in the organiser's zone and in UTC, place, seats,
/// agenda, materials, report), its registrations, and its forms: edit, attendance and report, a material, cancel.
/// <c>?done=</c> says what was just done. An unknown event gets a 404 problem.
/// </summary>
public sealed class ShowConsoleEventFunction(ConsoleGate gate, EventStore events, EventRegistrationExport export)
{
    [Function(nameof(ShowConsoleEvent))]
    public async Task<IResult> ShowConsoleEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/events/{eventId}")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        return await EventPage.ShowAsync(events, export, session, eventId, EventPage.Forms.Of, Done(request), StatusCodes.Status200OK, cancellationToken)
            ?? NotFound();
    }

    /// <summary>The 404 of an unknown (or malformed) event id.</summary>
    public static IResult NotFound() => Problems.NotFound("There is no event with this id.");

    // Only the outcomes the page has words for; anything else shows no notice.
    private static string Done(HttpRequest request) =>
        request.Query["done"].ToString() is var done && done is "created" or "updated" or "cancelled" or "attendance" or "material" or "unchanged" ? done : "";
}
