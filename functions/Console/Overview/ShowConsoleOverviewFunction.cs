using CoP.Shared.Console;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Overview;

/// <summary>
/// GET /api/console: the overview: members by state, open polls, upcoming events, documents and projects awaiting review (and projects needing a contact), the next newsletter slot and
/// the issues waiting for an operator, and the poison queues (messages that failed every retry).
/// </summary>
public sealed class ShowConsoleOverviewFunction(ConsoleGate gate, ConsoleOverview overview)
{
    [Function(nameof(ShowConsoleOverview))]
    public async Task<IResult> ShowConsoleOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var figures = await overview.ReadAsync(cancellationToken);
        return ConsoleGate.Page(StatusCodes.Status200OK, "console-overview", session, language => new
        {
            Operator = session.Operator.Label,
            figures.ConfirmedMembers,
            figures.PendingMembers,
            figures.SuppressedMembers,
            figures.OpenPolls,
            figures.UpcomingEvents,
            figures.DocumentsAwaitingReview,
            figures.ProjectsAwaitingReview,
            figures.ProjectsNeedingContact,
            NextNewsletter = figures.NextNewsletterAt is { } next ? ConsoleFormat.Time(next, language) : "",
            Issues = figures.Issues.Select(issue => new { issue.IssueId, issue.State, Slot = ConsoleFormat.Time(issue.SlotAt, language) }).ToArray(),
            PoisonQueues = figures.PoisonQueues.Select(queue => new { queue.Name, queue.Messages }).ToArray(),
            PoisonMessages = figures.PoisonQueues.Sum(queue => queue.Messages),
        });
    }
}
