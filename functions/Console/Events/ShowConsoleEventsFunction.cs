using CoP.Shared.Events;
using CoP.Shared.Events.Registrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// GET /api/console/events: every event, drafts, published, cancelled and completed, soonest first, each with its status,
/// its times in the organiser's zone, the seats taken of its capacity and how many wait, and links to its console page and (when members see it) its member page; and the
/// way to a new event.
/// </summary>
public sealed class ShowConsoleEventsFunction(ConsoleGate gate, EventStore events, EventRegistrationService registrations)
{
    [Function(nameof(ShowConsoleEvents))]
    public async Task<IResult> ShowConsoleEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var list = await events.ListAllAsync(cancellationToken);
        var seats = await Task.WhenAll(list.Select(e => registrations.CountAsync(e.EventId, cancellationToken)));
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-events", session, language => new
        {
            Events = list.Select((e, i) => new
            {
                e.EventId,
                e.TextIn(language).Title,
                Status = EventNames.Of(e.Status),
                StartsAt = OrganiserTime.Show(e.StartsAt, e.TimeZone, language),
                EndsAt = OrganiserTime.Show(e.EndsAt, e.TimeZone, language),
                e.TimeZone,
                e.IsPublic,
                seats[i].Registered,
                seats[i].Waitlisted,
                Capacity = e.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }).ToArray(),
        });
    }
}
