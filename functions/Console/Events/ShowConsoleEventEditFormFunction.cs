using CoP.Shared.Events;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>
/// GET /api/console/events/{eventId}/edit: the event's form filled with what is stored (times in the organiser's zone),
/// carrying the version it was made from so that saving over a change made meanwhile is refused. An unknown event gets a
/// 404 problem.
/// </summary>
public sealed class ShowConsoleEventEditFormFunction(ConsoleGate gate, EventStore events, TopicStore topics)
{
    [Function(nameof(ShowConsoleEventEditForm))]
    public async Task<IResult> ShowConsoleEventEditForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/events/{eventId}/edit")] HttpRequest request,
        string eventId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        if (await events.GetAsync(eventId, cancellationToken) is not { } stored)
        {
            return ShowConsoleEventFunction.NotFound();
        }

        var offered = await topics.ListActiveAsync(cancellationToken);
        return EventFormPage.Show(session, stored.Event.EventId, EventForm.Of(stored), new Dictionary<string, string[]>(), offered);
    }
}
