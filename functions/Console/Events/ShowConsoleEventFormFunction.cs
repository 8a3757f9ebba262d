using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Events;

/// <summary>GET /api/console/events/new: the form of a new event, with everything POST /api/manage/events takes.</summary>
public sealed class ShowConsoleEventFormFunction(ConsoleGate gate, TopicStore topics)
{
    [Function(nameof(ShowConsoleEventForm))]
    public async Task<IResult> ShowConsoleEventForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/events/new")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var offered = await topics.ListActiveAsync(cancellationToken);
        return EventFormPage.Show(session, eventId: null, EventForm.Empty, new Dictionary<string, string[]>(), offered);
    }
}
